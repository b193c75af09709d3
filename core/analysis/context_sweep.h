#pragma once

#include "core/analysis/context_sweep_config.h"
#include "core/analysis/prepared_cohort.h"
#include "core/analysis/workspace_paths.h"
#include "core/eval/bootstrap.h"
#include "core/jobs/job_context.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace cb {

class Communicator;

struct TaskMetrics {
    std::string task;
    bool evaluated = false;
    std::string skipReason;
    Estimate auroc, auprc, brier;
    double bestC = 0.0;
    int testCount = 0, testPositives = 0;
};

// One point of the AUROC-versus-context figure.
struct ContextPoint {
    std::string architecture;  // HF class name of the model evaluated
    int context = 0;
    Estimate meanAuroc;
    std::vector<TaskMetrics> tasks;
    bool cached = false;      // read from the result store, nothing computed
    double seconds = 0.0;     // time the evaluation took when it was computed
    std::string modelKey;
    std::int64_t runId = 0;
    std::string attention;
    // Seconds and tokens of model, featurisation and heads when it was computed (empty for runs
    // stored before these were kept).
    nlohmann::json timing = nlohmann::json::object();
    // Why a fast attention path declined these inputs, if one did (the evaluation is exact either way).
    std::vector<std::string> notices;
};

struct PointFailure {
    std::string architecture;
    int context = 0;
    std::string message;
};

struct SweepOutcome {
    std::vector<ContextPoint> points;
    std::vector<PointFailure> failures;  // with continueOnError only
    double seconds = 0.0;
    bool allCached = false;
};

// For every architecture and context length: pretrain (or reuse) a model at that length, featurise every labelled
// (patient, prediction time), fit the EHRSHOT heads, bootstrap, and store the run. An evaluation whose
// key is in the store is read back and nothing is computed. `onPoint` fires as each point is ready.
// With a communicator of several ranks (each having loaded the same cohort and config, which is
// checked), pretraining is data-parallel and featurisation is split across the ranks; rank 0 alone
// reads and writes the workspace, fits the heads and returns the points (the other ranks return
// none). A point cached in the store is skipped by every rank, so a rerun resumes a failed sweep.
SweepOutcome runContextSweep(const PreparedCohort& cohort, const ContextSweepConfig& config, const WorkspacePaths& workspace,
                             const JobContext& job = {}, const std::function<void(const ContextPoint&)>& onPoint = {},
                             Communicator* communicator = nullptr);

// Points already in the store for this cohort and config, without computing anything (for a GUI
// that opens on cached results). Points not cached are absent.
std::vector<ContextPoint> cachedContextPoints(const PreparedCohort& cohort, const ContextSweepConfig& config,
                                              const WorkspacePaths& workspace);

}  // namespace cb
