#pragma once

#include "core/jobs/job_context.h"
#include "core/models/causal_lm.h"
#include "core/tokenize/tokenized_cohort.h"
#include "core/train/pretrain_config.h"

#include <string>
#include <vector>

namespace cb {

class Communicator;

struct PretrainResult {
    std::vector<double> stepLoss;  // mean next-token loss of each step
    std::int64_t tokens = 0;       // real (unpadded) tokens trained on
    double seconds = 0.0;
    // Mean loss over the first and last tenth of the steps: the summary shown in the model list.
    double initialLoss() const;
    double finalLoss() const;
};

// Next-token pretraining with AdamW (decoupled weight decay on matrices only), warmup and cosine
// decay, gradient clipping. The model must already live on `device`.
// With a communicator of several ranks, training is data-parallel: every rank starts from rank 0's
// weights, takes every size-th window of each step, and the gradients are summed across ranks during
// the backward pass, so each step is the step one process would take on the whole batch (up to the
// order of floating-point sums) and every rank ends with the same weights.
PretrainResult pretrain(CausalLm& model, const TokenizedCohort& tokens, const std::vector<std::uint32_t>& patients,
                        const PretrainConfig& config, const std::string& device, const JobContext& job = {},
                        Communicator* communicator = nullptr);

}  // namespace cb
