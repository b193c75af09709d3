#pragma once

#include "core/jobs/job_context.h"
#include "core/lift/lift_config.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace cb {

class CausalLm;

// A training example whose loss counts only the answer: the prompt is context.
struct AnswerSample {
    std::vector<std::int32_t> prompt;
    std::vector<std::int32_t> answer;
};

struct LiftEpoch {
    int epoch = 0;           // 1-based
    double segmentLoss = 0;  // mean next-token loss over the segments
    double qaLoss = 0;       // mean answer loss, in the QA epochs
    bool withQa = false;
    double seconds = 0;      // since training started, at the end of this epoch
};

struct LiftTrainResult {
    std::vector<LiftEpoch> epochs;
    std::int64_t segments = 0;
    std::int64_t tokensPerEpoch = 0;   // segment tokens read each epoch (overlap included)
    int optimizerSteps = 0;
    double seconds = 0.0;
};

using LiftEpochFn = std::function<void(const LiftEpoch&)>;

// LIFT's training loop over one tokenised input: `config.epochs` epochs of language-model loss on
// every segment, then `config.qaEpochs` epochs of segments + qaWeight * answer loss. Gradients
// accumulate over all segments of a step group (one optimizer step per epoch by default). Only
// `parameters` are updated; the caller decides what they are (LoRA matrices or the whole model) and
// how the model is restored.
LiftTrainResult trainOnInput(CausalLm& model, const std::vector<std::int32_t>& ids, const std::vector<AnswerSample>& qa,
                             const std::vector<at::Tensor>& parameters, const LiftConfig& config, const c10::Device& device,
                             const JobContext& job = {}, const LiftEpochFn& onEpoch = {});

}  // namespace cb
