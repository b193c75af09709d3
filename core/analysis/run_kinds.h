#pragma once

namespace cb {

// The `kind` column of the runs table: which analysis made a run.
inline constexpr const char* kContextAurocRunKind = "context_auroc";

}  // namespace cb
