#pragma once

#include "core/analysis/prepared_cohort.h"
#include "core/eval/bootstrap.h"
#include "core/eval/featurizer.h"
#include "core/eval/linear_probe.h"
#include "core/jobs/job_context.h"
#include "core/lift/lift_config.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cb {

class CausalLm;

// LIFT on patient timelines: before a short-context EHR model reads a patient, it is fine-tuned at
// test time on that patient's whole visible timeline (every event up to the prediction time, in
// segments of its own window), its representation is taken, and the model is restored. The heads and
// statistics are the EHRSHOT protocol's, on a subset of patients because LIFT costs a training run
// per example.
struct TimelineLiftConfig {
    LiftConfig lift;                 // segment length = the short model's context unless set
    int context = 0;                 // the short model's window (0: its limit)
    int patientsPerSplit = 40;       // labelled patients taken from each of train, tuning and test
    std::uint64_t seed = 17;         // which patients
    ProbeConfig probe;
    int featurizeTokensPerBatch = 16384;
    nlohmann::json toJson() const;
};

struct TimelineLiftTask {
    std::string task;
    bool evaluated = false;
    std::string skipReason;
    Estimate base, lift, longContext;  // longContext.replicates = 0 without a long model
    int testCount = 0, testPositives = 0;
};

struct TimelineLiftResult {
    std::vector<TimelineLiftTask> tasks;
    Estimate meanBase, meanLift, meanLong;
    bool hasLong = false;
    int context = 0, longContext = 0;
    std::size_t examples = 0;         // distinct (patient, prediction time) that were adapted
    std::size_t patients[3] = {0, 0, 0};  // train, tuning, test patients in the subset
    double liftSeconds = 0.0;         // all the test-time training and featurising after it
    double baseSeconds = 0.0;         // featurising the same examples without LIFT
    nlohmann::json toJson() const;
};

// The representation of every request after LIFT on that request's visible timeline; the model comes
// back bit-identical after each (LoRA adapters, or a weight snapshot for full fine-tuning).
FeatureMatrix featurizeAfterLift(CausalLm& model, const TokenizedCohort& tokens, const std::vector<FeatureRequest>& requests,
                                 int context, const LiftConfig& lift, const std::string& device, int tokensPerBatch,
                                 const JobContext& job = {});

// AUROC per task and its mean for the short model without LIFT, with LIFT, and (given) the long-context
// model, all on the same subset of patients with the same bootstrap resamples.
TimelineLiftResult runTimelineLift(const PreparedCohort& cohort, CausalLm& shortModel, const PreparedCohort* longCohort,
                                   CausalLm* longModel, int longContext, const std::vector<std::string>& tasks,
                                   const TimelineLiftConfig& config, const std::string& device, const JobContext& job = {});

}  // namespace cb
