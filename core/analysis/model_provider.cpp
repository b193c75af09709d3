#include "core/analysis/model_provider.h"

#include "core/common/canonical_json.h"
#include "core/common/sha256.h"
#include "core/distributed/gradient_reducer.h"
#include "core/models/model_factory.h"
#include "core/models/checkpoint.h"
#include "core/models/folder_weights_hash.h"
#include "core/models/model_folder.h"
#include "core/models/pretraining_shapes.h"
#include "core/train/pretrainer.h"

#include <torch/nn/module.h>
#include <torch/utils.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace cb {
namespace {

// Copies every parameter of `from` into the same-named parameter of `to` (same architecture; only the
// position settings may differ). GPT-2's learned positions differ in length: the rows both have are
// copied, the rest keep their initialisation.
void copyWeights(CausalLm& from, CausalLm& to) {
    torch::NoGradGuard noGrad;
    auto source = from.module().named_parameters();
    for (auto& item : to.module().named_parameters()) {
        const auto& src = source[item.key()];
        auto& dst = item.value();
        if (src.sizes() == dst.sizes()) {
            dst.copy_(src);
        } else {
            const auto rows = std::min(src.size(0), dst.size(0));
            dst.narrow(0, 0, rows).copy_(src.narrow(0, 0, rows));
        }
    }
}

}  // namespace

ModelProvider::ModelProvider(const PreparedCohort& cohort, const ContextSweepConfig& config, const WorkspacePaths& workspace,
                             ResultStore* store, std::string device, Communicator& communicator)
    : cohort_(cohort), config_(config), workspace_(workspace), store_(store), device_(std::move(device)), comm_(communicator) {}

bool ModelProvider::rootSays(bool value, const std::string& what) {
    return comm_.broadcastString(value ? "1" : "0", what) == "1";
}

ProvidedModel ModelProvider::fromRoot(const std::function<ProvidedModel()>& onRoot, const std::string& what) {
    if (comm_.isRoot()) {
        auto provided = onRoot();
        comm_.broadcastString(provided.model->hfConfig().dump(), what + " (config)");
        broadcastModelState(*provided.model, comm_, what);
        return provided;
    }
    const auto config = nlohmann::json::parse(comm_.broadcastString("", what + " (config)"));
    ProvidedModel provided;
    provided.model = createModel(config, "rank 0's model");
    provided.model->module().to(torch::Device(device_));
    broadcastModelState(*provided.model, comm_, what);
    provided.record.architecture = provided.model->architecture();
    return provided;
}

std::string ModelProvider::warmStartKey(const std::string& architecture) const {
    auto pretrain = config_.pretrain;
    pretrain.contextLength = config_.warmStartContext;
    pretrain.tokenBudget = config_.warmStartTokens;
    pretrain.precision = config_.precision;
    const nlohmann::json what = {{"cohort", cohort_.hash},
                                 {"vocabulary", cohort_.vocabulary.contentHash()},
                                 {"architecture", hfArchitectureOf(architecture)},
                                 {"shape", config_.shape.toJson()},
                                 {"pretrain", pretrain.toJson()}};
    return Sha256::ofText(canonicalJson(what));
}

std::string ModelProvider::keyFor(const std::string& architecture, int context) const {
    auto pretrain = config_.pretrain;
    pretrain.contextLength = context;
    pretrain.precision = config_.precision;
    nlohmann::json what = {{"cohort", cohort_.hash},
                           {"vocabulary", cohort_.vocabulary.contentHash()},
                           {"architecture", hfArchitectureOf(architecture)},
                           {"shape", config_.shape.toJson()},
                           {"pretrain", pretrain.toJson()}};
    if (config_.warmStartTokens > 0) what["warm_start"] = warmStartKey(architecture);
    return Sha256::ofText(canonicalJson(what));
}

std::optional<ModelRecord> ModelProvider::cached(const std::string& key) {
    if (!store_) return std::nullopt;
    auto record = store_->model(key);
    if (!record || !fs::exists(fs::path(record->path) / "model.safetensors")) return std::nullopt;
    return record;
}

std::optional<std::string> ModelProvider::knownWeights(const std::string& architecture, int context) {
    if (!config_.modelDir.empty()) return externalWeightsHash();
    const auto record = cached(keyFor(architecture, context));
    if (!record) return std::nullopt;
    return record->weightsHash;
}

ProvidedModel ModelProvider::load(const ModelRecord& record, const std::string& stage, const JobContext& job) {
    job.report(stage, 0.0);
    ProvidedModel provided;
    provided.record = record;
    provided.model = loadCheckpoint(record.path, torch::Device(device_));
    return provided;
}

ProvidedModel ModelProvider::train(const std::string& architecture, int context, const std::string& key,
                                   const PretrainConfig& pretrainConfig, const ModelRecord* start, const std::string& role,
                                   const JobContext& job) {
    ProvidedModel provided;
    torch::manual_seed(pretrainConfig.seed);
    provided.model = createForPretraining(architecture, config_.shape, static_cast<int>(cohort_.vocabulary.size()), context);
    // Other ranks need not read the warm start: pretraining begins by giving them rank 0's weights.
    if (start && comm_.isRoot()) {
        const auto warm = loadCheckpoint(start->path, torch::kCPU);
        copyWeights(*warm, *provided.model);
    }
    provided.model->module().to(torch::Device(device_));
    const auto trained = pretrain(*provided.model, cohort_.tokens, cohort_.cohort.patientsIn(Split::Train), pretrainConfig,
                                  device_, job, &comm_);
    saveTrained(provided, key, context, trained,
                {{"role", role},
                 {"pretrain", pretrainConfig.toJson()},
                 {"warm_start", start ? nlohmann::json(start->key) : nlohmann::json(nullptr)}});
    return provided;
}

void ModelProvider::saveTrained(ProvidedModel& provided, const std::string& key, int context, const PretrainResult& trained,
                                nlohmann::json training) {
    provided.trainedNow = true;
    provided.record.key = key;
    provided.record.architecture = provided.model->architecture();
    if (!comm_.isRoot()) return;
    const auto dir = workspace_.modelDir(key);
    fs::create_directories(fs::path(dir).parent_path());
    saveCheckpoint(*provided.model, dir, &cohort_.vocabulary);

    auto& r = provided.record;
    r.weightsHash = Sha256::ofFile(dir + "/model.safetensors");
    r.cohortHash = cohort_.hash;
    r.contextLength = context;
    r.path = dir;
    r.parameters = provided.model->parameterCount();
    r.config = provided.model->hfConfig();
    r.training = std::move(training);
    r.training["steps"] = trained.stepLoss.size();
    r.training["tokens"] = trained.tokens;
    r.training["initial_loss"] = trained.initialLoss();
    r.training["final_loss"] = trained.finalLoss();
    r.training["loss_curve"] = trained.stepLoss;
    r.training["ranks"] = comm_.size();
    r.seconds = trained.seconds;
    store_->putModel(r);
}

std::string ModelProvider::adaptedKey(const std::string& baseKey, const AttentionSpec& attention) const {
    const nlohmann::json what = {{"base", baseKey},
                                 {"attention", attention.toJson()},
                                 {"learning_rate_scale", kAdaptLearningRateScale},
                                 {"precision", config_.precision}};
    return Sha256::ofText(canonicalJson(what));
}

std::string ModelProvider::baseKey(const std::string& architecture, int context) {
    return config_.modelDir.empty() ? keyFor(architecture, context) : Sha256::ofText("external:" + externalWeightsHash());
}

std::optional<std::string> ModelProvider::knownAdaptedWeights(const std::string& architecture, int context, const AttentionSpec& attention) {
    const auto record = cached(adaptedKey(baseKey(architecture, context), attention));
    if (!record) return std::nullopt;
    return record->weightsHash;
}

ProvidedModel ModelProvider::adapt(ProvidedModel base, const AttentionSpec& attention, int context, const JobContext& job) {
    const auto key = comm_.isRoot() ? adaptedKey(base.record.key, attention) : std::string();
    const auto record = cached(key);
    const auto what = attention.label() + " at " + std::to_string(context) + " tokens";
    if (rootSays(record.has_value(), "deciding whether " + what + " is cached"))
        return fromRoot([&] { return load(*record, "Loading " + what, job); }, "sending the " + what + " model");

    // Continued pretraining on the same train split, at a lower peak rate (the model is already
    // trained; the swap only changes how it attends) and on other windows than its pretraining's.
    auto adaptConfig = config_.pretrain;
    adaptConfig.contextLength = context;
    adaptConfig.precision = config_.precision;
    adaptConfig.tokenBudget = attention.adaptTokens;
    adaptConfig.learningRate *= kAdaptLearningRateScale;
    adaptConfig.seed += 1;
    base.model->setAttention(attention);
    const auto trained = pretrain(*base.model, cohort_.tokens, cohort_.cohort.patientsIn(Split::Train), adaptConfig, device_,
                                  job.slice(0.0, 1.0), &comm_);
    const auto baseRecordKey = base.record.key;
    auto swapped = attention;
    swapped.adaptTokens = 0;
    saveTrained(base, key, context, trained,
                {{"role", "adapted to " + swapped.label()},
                 {"pretrain", adaptConfig.toJson()},
                 {"adapted_from", baseRecordKey},
                 {"attention", attention.toJson()}});
    return base;
}

std::string ModelProvider::externalWeightsHash() {
    // Hashed once per sweep.
    if (externalHash_.empty()) externalHash_ = folderWeightsHash(config_.modelDir);
    return externalHash_;
}

ProvidedModel ModelProvider::external(const JobContext& job) {
    job.report("Loading " + config_.modelDir, 0.0);
    ProvidedModel provided;
    provided.model = loadCheckpoint(config_.modelDir, torch::Device(device_));
    provided.record = folderModelRecord(*provided.model, config_.modelDir, externalWeightsHash(), cohort_.hash);
    store_->putModel(provided.record);
    return provided;
}

ProvidedModel ModelProvider::obtain(const std::string& architecture, int context, const JobContext& job) {
    if (!config_.modelDir.empty()) return fromRoot([&] { return external(job); }, "sending the opened model");
    const auto key = keyFor(architecture, context);
    const auto record = cached(key);
    if (rootSays(record.has_value(), "deciding whether the model at " + std::to_string(context) + " tokens is cached")) {
        const auto stage = "Loading " + architectureDisplayName(hfArchitectureOf(architecture)) + " at " + std::to_string(context) + " tokens";
        return fromRoot([&] { return load(*record, stage, job); }, "sending the cached model at " + std::to_string(context) + " tokens");
    }

    auto pretrainConfig = config_.pretrain;
    pretrainConfig.contextLength = context;
    pretrainConfig.precision = config_.precision;
    if (config_.warmStartTokens <= 0) return train(architecture, context, key, pretrainConfig, nullptr, "from scratch", job);

    const auto startKey = warmStartKey(architecture);
    auto start = cached(startKey);
    if (!rootSays(start.has_value(), "deciding whether the warm start is cached")) {
        auto warmConfig = config_.pretrain;
        warmConfig.contextLength = config_.warmStartContext;
        warmConfig.precision = config_.precision;
        warmConfig.tokenBudget = config_.warmStartTokens;
        start = train(architecture, config_.warmStartContext, startKey, warmConfig, nullptr, "warm start", job.slice(0.0, 0.5)).record;
    }
    // Only rank 0 knows the warm start's record; the others get its weights when pretraining starts.
    return train(architecture, context, key, pretrainConfig, start ? &*start : nullptr, "continued from warm start", job.slice(0.5, 1.0));
}

}  // namespace cb
