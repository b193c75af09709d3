#include "core/models/checkpoint.h"

#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/common/remove_tree.h"
#include "core/io/atomic_file.h"
#include "core/io/checkpoint_tensors.h"
#include "core/io/safetensors.h"
#include "core/models/model_factory.h"
#include "core/models/weight_init.h"
#include "core/tokenize/vocabulary.h"

#include <torch/nn/module.h>
#include <torch/types.h>

#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace cb {
namespace {

StDtype toStDtype(at::ScalarType type) {
    switch (type) {
        case at::kFloat: return StDtype::F32;
        case at::kHalf: return StDtype::F16;
        case at::kBFloat16: return StDtype::BF16;
        case at::kDouble: return StDtype::F64;
        case at::kLong: return StDtype::I64;
        case at::kInt: return StDtype::I32;
        case at::kBool: return StDtype::BOOL;
        default: throw Error(std::string("cannot store tensors of type ") + c10::toString(type));
    }
}

at::ScalarType toScalarType(StDtype type) {
    switch (type) {
        case StDtype::F32: return at::kFloat;
        case StDtype::F16: return at::kHalf;
        case StDtype::BF16: return at::kBFloat16;
        case StDtype::F64: return at::kDouble;
        case StDtype::I64: return at::kLong;
        case StDtype::I32: return at::kInt;
        case StDtype::I16: return at::kShort;
        case StDtype::I8: return at::kChar;
        case StDtype::U8: return at::kByte;
        case StDtype::BOOL: return at::kBool;
    }
    return at::kFloat;
}

std::string shapeString(const std::vector<int64_t>& shape) {
    std::string out = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + "]";
}

// Tensors a HF checkpoint may hold that carry no learned state.
bool isIgnorable(const std::string& name) { return name.find("rotary_emb.inv_freq") != std::string::npos; }

}  // namespace

void saveCheckpoint(CausalLm& model, const std::string& dir, const Vocabulary* vocab,
                    const std::map<std::string, std::string>& extraFiles) {
    const fs::path target(dir);
    const fs::path staging = target.string() + ".partial";
    removeTree(staging.string());
    fs::create_directories(staging);

    std::vector<at::Tensor> keepAlive;
    std::vector<StTensorView> views;
    auto add = [&](const std::string& name, const at::Tensor& tensor) {
        auto t = tensor.detach().to(at::kCPU).contiguous();
        keepAlive.push_back(t);
        views.push_back(StTensorView{name, toStDtype(t.scalar_type()), t.sizes().vec(), t.data_ptr()});
    };
    // Buffers too: HyenaDNA's filter constants live in its state dict.
    for (const auto& item : model.module().named_parameters()) add(item.key(), item.value());
    for (const auto& item : model.module().named_buffers()) add(item.key(), item.value());
    writeSafetensors((staging / "model.safetensors").string(), views, {{"format", "pt"}});
    writeFileAtomically((staging / "config.json").string(),
                        [&](std::ostream& out) { out << model.hfConfig().dump(2) << '\n'; });
    if (vocab) vocab->save((staging / "tokenizer_config.json").string());
    for (const auto& [name, contents] : extraFiles)
        writeFileAtomically((staging / name).string(), [&](std::ostream& out) { out << contents; });

    removeTree(target.string());
    fs::rename(staging, target);
}

std::unique_ptr<CausalLm> loadCheckpoint(const std::string& dir, const c10::Device& device, StoredWeights* stored) {
    const fs::path folder(dir);
    const auto configPath = (folder / "config.json").string();
    if (!fs::exists(configPath)) throw Error("'" + dir + "' is not a model folder: no config.json");
    const auto config = readJsonFile(configPath, "model config");
    std::unique_ptr<CausalLm> model;
    {
        const SkipWeightInit skip;  // every weight is about to be read
        model = createModel(config, configPath);
    }
    const CheckpointTensors tensors(dir);
    const auto& origin = tensors.origin();
    const auto aliases = model->storedAliases();

    std::set<std::string> used;
    auto load = [&](const std::string& name, at::Tensor& target) {
        auto found = tensors.find(name);
        if (found) used.insert(found->info->name);
        if (const auto it = aliases.find(name); it != aliases.end())
            for (const auto& alias : it->second)
                if (auto other = tensors.find(alias)) {
                    used.insert(other->info->name);
                    if (!found) found = other;
                }
        if (!found) throw Error(origin + ": tensor '" + name + "' is missing");
        const auto& info = *found->info;
        if (info.shape != target.sizes().vec())
            throw Error(origin + ": tensor '" + name + "' has shape " + shapeString(info.shape) + ", the model expects " +
                        shapeString(target.sizes().vec()));
        const auto stored = toScalarType(info.dtype);
        if (at::isFloatingType(target.scalar_type()) != at::isFloatingType(stored))
            throw Error(origin + ": tensor '" + name + "' is stored as " + toString(info.dtype) + ", the model expects " +
                        c10::toString(target.scalar_type()));
        const auto source = torch::from_blob(const_cast<std::byte*>(found->file->data(info)), info.shape,
                                             torch::TensorOptions().dtype(stored));
        target.copy_(source.to(target.scalar_type()));
    };
    {
        torch::NoGradGuard noGrad;
        for (auto& item : model->module().named_parameters()) load(item.key(), item.value());
        for (auto& item : model->module().named_buffers()) load(item.key(), item.value());
    }
    for (const auto& name : tensors.storedNames()) {
        if (used.count(name) || isIgnorable(name)) continue;
        throw Error(origin + ": unexpected tensor '" + name + "' for " + model->architecture());
    }
    if (stored) {
        std::set<std::string> dtypes;
        for (const auto& name : tensors.storedNames()) dtypes.insert(toString(tensors.find(name)->info->dtype));
        stored->dtypes.clear();
        for (const auto& d : dtypes) stored->dtypes += (stored->dtypes.empty() ? "" : "+") + d;
        stored->bytes = tensors.totalBytes();
    }
    model->module().to(device);
    model->module().eval();
    return model;
}

}  // namespace cb
