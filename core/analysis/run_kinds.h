#pragma once

namespace cb {

// The `kind` column of the runs table: which analysis made a run.
inline constexpr const char* kContextAurocRunKind = "context_auroc";
// Per-position perplexity of a model over a cohort's validation patients; its curve is in `curves`.
inline constexpr const char* kPositionPerplexityRunKind = "position_ppl";

// LIFT on one document: the report of every mode is in the run's config, exact match and mean
// log-likelihood per mode in `metrics` (task = the mode).
inline constexpr const char* kLiftRunKind = "lift";

// The `task` of a context_auroc run's metric row that holds the mean over tasks.
inline constexpr const char* kMeanOverTasks = "__mean__";

}  // namespace cb
