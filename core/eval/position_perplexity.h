#pragma once

#include "core/analysis/position_statistics.h"
#include "core/jobs/job_context.h"
#include "core/tokenize/tokenized_cohort.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cb {

class CausalLm;

struct PositionPerplexityConfig {
    int context = 512;       // the window the model reads
    int stride = 32;         // windows start every `stride` tokens
    int minPoints = 30;      // indices with fewer patients are dropped
    int emaSpan = 20;
    int windowsPerBatch = 8;
    std::string device = "cpu";
};

// Per-token perplexity exp(-log p(token_t | preceding tokens in the window)) at every position t of
// every given patient's timeline, read with a sliding window of `context` tokens moved by `stride`:
// each token is scored once, by the first window that reaches it (so after the first window every
// token sees at least context - stride tokens before it), then summarised by position.
PositionCurve perPositionPerplexity(CausalLm& model, const TokenizedCohort& tokens, const std::vector<std::uint32_t>& patients,
                                    const PositionPerplexityConfig& config, const JobContext& job = {});

}  // namespace cb
