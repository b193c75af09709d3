#pragma once

#include "core/models/causal_lm.h"

#include <string>

namespace cb {

struct ForwardTiming {
    std::string architecture;
    int context = 0;
    double medianMs = 0.0;  // one forward pass (hidden states and logits), batch 1
    double tokensPerSecond = 0.0;
    double peakMb = 0.0;  // above what the model itself holds
    std::string device, dtype;
    bool cudaGraph = false;   // timed as replays of one captured CUDA graph
    std::string graphNote;    // why a CUDA graph was asked for but not used
};

// Median of `repeats` timed forward passes of random token ids, after `warmup` untimed ones, with
// the device synchronised around each. The model must already sit on `device` in `dtype`.
// With `cudaGraph`, the pass is captured once as a CUDA graph and each timed pass is a replay
// (falling back to eager passes, with the reason in graphNote, where it cannot be captured).
ForwardTiming timeForward(CausalLm& model, int context, const std::string& device, const std::string& dtype,
                          int repeats = 10, int warmup = 2, bool cudaGraph = false);

}  // namespace cb
