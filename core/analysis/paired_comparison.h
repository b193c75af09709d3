#pragma once

#include "core/eval/bootstrap.h"
#include "core/jobs/job_context.h"
#include "core/store/result_store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cb {

struct PairedComparisonConfig {
    int replicates = 1000;
    std::uint64_t seed = 20240917;
};

// The AUROC of one task for a run against the baseline, on the examples both predicted.
struct TaskDelta {
    std::string task;
    double baseline = 0.0, other = 0.0;
    Estimate delta;              // other - baseline with its paired 95% interval
    std::size_t examples = 0;    // examples both runs predicted
    std::size_t unmatched = 0;   // examples only one of them predicted (left out)
};

struct RunComparison {
    std::int64_t baselineRunId = 0, runId = 0;
    std::vector<TaskDelta> tasks;          // tasks both runs evaluated, in the baseline's order
    std::vector<std::string> onlyInOne;    // tasks only one of the two evaluated
    Estimate meanDelta;                    // mean over `tasks` of the deltas, per replicate
    int wins = 0;                          // tasks where the run's AUROC is above the baseline's
    double winRate = 0.0;                  // wins / tasks (NaN with no task in common)
};

// Paired comparisons of evaluation runs against a baseline: every replicate draws the baseline's test
// patients with replacement once, and that same draw weighs every run's and every task's examples,
// so the intervals of the differences are those of paired samples (narrower than two independent
// intervals whenever the runs agree on which patients are hard). Runs must be evaluations of the
// same cohort whose examples carry the same labels; otherwise the error names the run and example.
std::vector<RunComparison> compareToBaseline(ResultStore& store, std::int64_t baselineRunId,
                                             const std::vector<std::int64_t>& runIds,
                                             const PairedComparisonConfig& config = {}, const JobContext& job = {});

}  // namespace cb
