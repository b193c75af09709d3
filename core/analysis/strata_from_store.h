#pragma once

#include "core/analysis/stratification.h"
#include "core/store/result_store.h"

#include <string>

namespace cb {

// The cohort a stratification of `store` looks at: `requested` if given (a full hash or a unique
// prefix), else the cohort of the most recent evaluation run. Throws naming the database when the
// store has no evaluation run or the prefix matches none or several.
std::string chooseStrataCohort(ResultStore& store, const std::string& requested = {});

// Stratifies every complete AUROC-versus-context run of the cohort by the properties the store holds
// for it. Throws when the store has no properties for the cohort (runs made before they were kept):
// re-running an evaluation of that cohort, or `cohort properties --db`, records them.
StratificationResult stratifyCachedRuns(ResultStore& store, const std::string& cohortHash, StrataMetric metric,
                                        const StrataConfig& config = {}, const JobContext& job = {});

}  // namespace cb
