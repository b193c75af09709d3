#pragma once

#include "core/cohort/cohort.h"
#include "core/eval/bootstrap.h"
#include "core/eval/featurizer.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace cb {

// The EHRSHOT head: MaxAbsScaler, then L2 logistic regression with C chosen by validation AUROC and
// refit on train; test AUROC, AUPRC and Brier with patient-level bootstrap intervals.
struct ProbeConfig {
    std::vector<double> cGrid{1e-8, 1e-6, 1e-4, 1e-2, 0.1, 1.0, 1e2, 1e4};
    int bootstrapReplicates = 1000;
    std::uint64_t bootstrapSeed = 1234;
    nlohmann::json toJson() const;
    static ProbeConfig fromJson(const nlohmann::json& json);
};

struct ProbeExample {
    std::size_t featureRow = 0;
    std::uint8_t label = 0;
    Split split = Split::Train;
    std::uint32_t patient = 0;
    TimeUs time = 0;
};

struct TestPrediction {
    std::uint32_t patient = 0;
    TimeUs time = 0;
    std::uint8_t label = 0;
    double probability = 0.0;
};

struct TaskResult {
    std::string task;
    bool evaluated = false;
    std::string skipReason;  // why a task was left out (a split without both classes)
    double bestC = 0.0;
    std::vector<double> validationAuroc;  // one per C in the grid
    Estimate auroc, auprc, brier;
    int trainCount = 0, validationCount = 0, testCount = 0, testPositives = 0;
    std::vector<double> aurocReplicates;  // per bootstrap replicate; NaN where undefined
    std::vector<TestPrediction> predictions;
};

// `slotOf[patient]` is the patient's position in the bootstrap (its test-patient rank), -1 elsewhere.
TaskResult evaluateLinearProbe(const FeatureMatrix& features, const std::string& task,
                               const std::vector<ProbeExample>& examples, const ProbeConfig& config,
                               const PatientBootstrap& bootstrap, const std::vector<int>& slotOf);

// Mean AUROC over the evaluated tasks, its interval from the per-replicate means.
Estimate meanAurocOverTasks(const std::vector<TaskResult>& tasks);

}  // namespace cb
