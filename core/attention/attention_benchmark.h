#pragma once

#include "core/attention/attention_spec.h"
#include "core/jobs/job_context.h"

#include <string>
#include <vector>

namespace cb {

struct AttentionBenchConfig {
    std::vector<int> contexts{1024, 4096, 16384};
    std::vector<AttentionSpec> impls{AttentionSpec{}, AttentionSpec::cca(16, 1024)};
    int heads = 12;
    int kvHeads = 4;
    int headDim = 64;
    int batch = 1;
    std::string device = "auto";
    std::string dtype = "auto";  // fp32 on CPU, bf16 on CUDA
    bool backward = false;
    int repeats = 10;
    int warmup = 2;
};

struct AttentionBenchResult {
    std::string impl;  // label of the attention
    int context = 0;
    double medianMs = 0.0;
    double peakMb = 0.0;  // memory the measured call added over what was held before it
    std::string device, dtype;
    bool backward = false;
    double speedupOverFull = 0.0;  // full's median / this median, same context, same process; 0 if no full run
    std::string path;    // CCA: the implementation that ran (ccaPathFor); full: "sdpa"
    std::string notice;  // CCA: why a fast path declined, if one did
};

// Times attention alone on random inputs of a Llama layer's shape (K/V expanded from kvHeads to
// heads, after RoPE), called as the layer calls it (CCA's forward writes over the queries, which die
// with the call): median latency of forward (or forward + backward) and peak memory, every
// implementation at every context in one process so ratios compare like with like.
std::vector<AttentionBenchResult> benchmarkAttention(const AttentionBenchConfig& config, const JobContext& job = {},
                                                     const std::function<void(const AttentionBenchResult&)>& onResult = {});

}  // namespace cb
