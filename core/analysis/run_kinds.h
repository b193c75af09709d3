#pragma once

namespace cb {

// The `kind` column of the runs table: which analysis made a run.
inline constexpr const char* kContextAurocRunKind = "context_auroc";
// Per-position perplexity of a model over a cohort's validation patients; its curve is in `curves`.
inline constexpr const char* kPositionPerplexityRunKind = "position_ppl";

// The `task` of a context_auroc run's metric row that holds the mean over tasks.
inline constexpr const char* kMeanOverTasks = "__mean__";

}  // namespace cb
