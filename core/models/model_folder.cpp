#include "core/models/model_folder.h"

#include "core/io/checkpoint_tensors.h"
#include "core/models/architecture_names.h"
#include "core/models/checkpoint.h"
#include "core/tokenize/vocabulary.h"

#include <chrono>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace cb {

OpenedModel openModelFolder(const std::string& dir, const c10::Device& device) {
    OpenedModel opened;
    opened.folder = dir;
    const auto started = std::chrono::steady_clock::now();
    opened.model = loadCheckpoint(dir, device);
    opened.loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    opened.architecture = opened.model->architecture();
    opened.parameters = opened.model->parameterCount();
    opened.contextLimit = opened.model->maxContext();
    const CheckpointTensors tensors(dir);
    opened.weightBytes = tensors.totalBytes();
    std::set<std::string> dtypes;
    for (const auto& name : tensors.storedNames()) dtypes.insert(toString(tensors.find(name)->info->dtype));
    for (const auto& d : dtypes) opened.storedDtype += (opened.storedDtype.empty() ? "" : "+") + d;
    const auto tokenizer = fs::path(dir) / "tokenizer_config.json";
    if (fs::exists(tokenizer)) opened.vocabulary = std::make_shared<Vocabulary>(Vocabulary::load(tokenizer.string()));
    return opened;
}

nlohmann::json OpenedModel::describe() const {
    nlohmann::json tokenizer = nullptr;
    if (vocabulary)
        tokenizer = {{"file", (fs::path(folder) / "tokenizer_config.json").string()}, {"tokens", vocabulary->size()}};
    return {{"folder", folder},
            {"architecture", architecture},
            {"name", architectureDisplayName(architecture)},
            {"parameters", parameters},
            {"context_limit", contextLimit > 0 ? nlohmann::json(contextLimit) : nlohmann::json(nullptr)},
            {"hidden_size", model->hiddenSize()},
            {"vocab_size", model->vocabSize()},
            {"dtype", storedDtype},
            {"weight_bytes", weightBytes},
            {"load_seconds", loadSeconds},
            {"tokenizer", tokenizer},
            {"config", model->hfConfig()}};
}

}  // namespace cb
