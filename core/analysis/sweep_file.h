#pragma once

#include "core/analysis/context_sweep_config.h"
#include "core/attention/attention_spec.h"
#include "core/cohort/cohort_source.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cb {

// A whole sweep in one JSON file, runnable on a laptop, a GPU server or under a torchrun-style
// launch (`contextbench-cli sweep --config FILE`), and written by the GUI for a cluster:
//
//   {"cohort": "synthetic:patients=500" | PATH, "cohort_options": {"splits": .., "labels": .., "strict": ..},
//    "workspace": DIR,                       results.sqlite and the models land here
//    "attention": ["full", "cca:g=16,s=1024"], each variant is evaluated on every model
//    "distributed": {"backend": "auto|gloo|nccl", "timeout_seconds": 600, "connect_timeout_seconds": 60},
//    "continue_on_error": false,             a point that fails (out of memory, say) is reported and skipped
//    ...every key of the context sweep config: contexts, architectures, model_dir, model_shape,
//    pretrain, warm_start, probe, tasks, featurize_tokens_per_batch, device}
//
// Keys are checked: an unknown one is an error naming it, so a typo never silently runs defaults.
struct SweepFile {
    std::string cohort;
    CohortSourceOptions cohortOptions;
    std::string workspace;
    std::vector<AttentionSpec> attention{AttentionSpec{}};
    ContextSweepConfig sweep;  // its `attention` is set per variant
    std::string backend = "auto";
    int timeoutSeconds = 600;
    int connectTimeoutSeconds = 60;
    bool continueOnError = false;

    nlohmann::json toJson() const;
    // `origin` names the file in errors.
    static SweepFile fromJson(const nlohmann::json& json, const std::string& origin);
    static SweepFile read(const std::string& path);
    void write(const std::string& path) const;
};

}  // namespace cb
