#pragma once

#include "core/analysis/context_sweep.h"

#include <string>
#include <vector>

namespace cb {

// The numbers behind the AUROC-versus-context figure, one row per (context, task, metric), the
// mean over tasks as task "mean". Written atomically.
void writeContextResultsCsv(const std::string& path, const std::vector<ContextPoint>& points);

}  // namespace cb
