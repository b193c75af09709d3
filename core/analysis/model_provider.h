#pragma once

#include "core/analysis/context_sweep_config.h"
#include "core/analysis/prepared_cohort.h"
#include "core/analysis/workspace_paths.h"
#include "core/distributed/communicator.h"
#include "core/jobs/job_context.h"
#include "core/models/causal_lm.h"
#include "core/store/result_store.h"
#include "core/train/pretrainer.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace cb {

struct ProvidedModel {
    std::unique_ptr<CausalLm> model;
    ModelRecord record;
    bool trainedNow = false;  // pretrained by this call rather than read back
};

// The pretrained model of a sweep at one context length: read from the workspace when a complete
// checkpoint with its key exists, otherwise pretrained (from scratch, or from the shared warm start),
// saved and recorded. Keys hash everything that shapes the weights.
// Under several ranks, rank 0 owns the workspace and the store (`store` is null elsewhere): it
// decides whether a model is cached, loads it and sends its weights to the others, or all ranks
// pretrain it together and rank 0 alone writes the checkpoint.
class ModelProvider {
public:
    ModelProvider(const PreparedCohort& cohort, const ContextSweepConfig& config, const WorkspacePaths& workspace,
                  ResultStore* store, std::string device, Communicator& communicator);

    // `architecture` is a short name (llama, gpt2, mamba, hyena).
    std::string keyFor(const std::string& architecture, int context) const;
    // The weights hash of the model for `context` when it is already trained and on disk.
    std::optional<std::string> knownWeights(const std::string& architecture, int context);
    ProvidedModel obtain(const std::string& architecture, int context, const JobContext& job);
    // `base` (from obtain) after continued pretraining with `attention` (CCA) swapped in for
    // attention.adaptTokens tokens: read back when that adapted checkpoint exists, otherwise
    // adapted, saved and recorded under a key of its own (base key, attention, rate, precision).
    ProvidedModel adapt(ProvidedModel base, const AttentionSpec& attention, int context, const JobContext& job);
    std::optional<std::string> knownAdaptedWeights(const std::string& architecture, int context, const AttentionSpec& attention);

    // Adapting continues at this fraction of the pretraining's peak learning rate.
    static constexpr double kAdaptLearningRateScale = 0.3;

private:
    std::string warmStartKey(const std::string& architecture) const;
    std::optional<ModelRecord> cached(const std::string& key);
    ProvidedModel external(const JobContext& job);
    std::string externalWeightsHash();
    std::string externalHash_;
    ProvidedModel load(const ModelRecord& record, const std::string& stage, const JobContext& job);
    // Marks `provided` as trained under `key`; rank 0 saves the checkpoint and records it.
    void saveTrained(ProvidedModel& provided, const std::string& key, int context, const PretrainResult& trained,
                     nlohmann::json training);
    std::string adaptedKey(const std::string& baseKey, const AttentionSpec& attention) const;
    std::string baseKey(const std::string& architecture, int context);
    // Rank 0 runs `onRoot`; the other ranks build the same architecture and receive its weights.
    ProvidedModel fromRoot(const std::function<ProvidedModel()>& onRoot, const std::string& what);
    // Rank 0's answer, on every rank.
    bool rootSays(bool value, const std::string& what);
    ProvidedModel train(const std::string& architecture, int context, const std::string& key,
                        const PretrainConfig& pretrainConfig, const ModelRecord* start, const std::string& role,
                        const JobContext& job);

    const PreparedCohort& cohort_;
    const ContextSweepConfig& config_;
    const WorkspacePaths& workspace_;
    ResultStore* store_;
    std::string device_;
    Communicator& comm_;
};

}  // namespace cb
