#pragma once

#include "core/common/time_units.h"
#include "core/jobs/job_context.h"
#include "core/tokenize/tokenized_cohort.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cb {

class CausalLm;

struct FeatureRequest {
    std::uint32_t patient = 0;
    TimeUs cutoff = 0;  // events with time <= cutoff are visible
    bool operator<(const FeatureRequest& o) const {
        return patient != o.patient ? patient < o.patient : cutoff < o.cutoff;
    }
    bool operator==(const FeatureRequest&) const = default;
};

// Row-major float matrix of representations, one row per request.
struct FeatureMatrix {
    std::size_t rows = 0, cols = 0;
    std::vector<float> values;
    std::vector<std::uint32_t> lengths;  // tokens each row's model input held
    std::size_t emptyRows = 0;           // requests with no visible token: an all-zero row
    const float* row(std::size_t i) const { return values.data() + i * cols; }
};

// EHRSHOT representation: the visible tokens of a timeline, its last `context` tokens, the last
// layer's hidden state at the last position. The reference left-pads with PAD under an attention
// mask; this pads on the right instead and reads each row at its own last token, which gives the
// same vectors (causal attention never sees right padding, RoPE positions start at 0 either way)
// without computing the masked-attention path. Batches hold similar lengths, up to
// `tokensPerBatch` padded tokens.
FeatureMatrix featurize(CausalLm& model, const TokenizedCohort& tokens, const std::vector<FeatureRequest>& requests,
                        int context, const std::string& device, int tokensPerBatch, const JobContext& job = {});

}  // namespace cb
