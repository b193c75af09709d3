#pragma once

#include "core/attention/attention_spec.h"
#include "core/eval/linear_probe.h"
#include "core/train/pretrain_config.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace cb {

// One analysis, one config: the GUI dialog and the CLI flags both fill this struct, its canonical
// JSON (with the cohort and weight hashes) is the cache key, the runner executes it.
struct ContextSweepConfig {
    std::vector<int> contexts{512, 1024, 2048, 4096};
    // Pretrained and evaluated one after another, each at every context: llama, gpt2, mamba, hyena.
    std::vector<std::string> architectures{"llama"};
    // A HF model folder to evaluate instead of pretraining: every context length reads the same
    // weights (the context is the featurisation window); `architectures` and `pretrain` are unused.
    std::string modelDir;
    ModelShape shape;
    PretrainConfig pretrain;  // contextLength is set per point
    // With warmStartTokens > 0, every context's model continues from one shared model pretrained on
    // that many tokens at warmStartContext; each then trains pretrain.tokenBudget more at its own
    // length. Equal budgets keep the comparison fair, and the shared start keeps differences between
    // contexts from being differences between training runs. 0: each model from scratch.
    std::int64_t warmStartTokens = 0;
    int warmStartContext = 512;
    ProbeConfig probe;
    AttentionSpec attention;
    std::vector<std::string> tasks;  // empty: the 14 EHRSHOT tasks
    int featurizeTokensPerBatch = 16384;
    std::string device = "auto";  // not part of any key: results agree across devices
    // "fp32" or "bf16" (autocast for pretraining and featurisation; heads and statistics stay in
    // double). Part of the model and evaluation keys when it is bf16.
    std::string precision = "fp32";
    // A point that fails (out of memory, say) is reported in the outcome and the sweep goes on with
    // the rest; otherwise the first failure ends it. Single-process only. Not part of any key.
    bool continueOnError = false;

    nlohmann::json toJson() const;
    static ContextSweepConfig fromJson(const nlohmann::json& json);
    std::vector<std::string> taskList() const;
    void validate() const;
};

// "512,1024,2048" -> {512, 1024, 2048}; throws cb::Error naming the bad item.
std::vector<int> parseContextList(const std::string& text);

}  // namespace cb
