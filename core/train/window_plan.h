#pragma once

#include "core/tokenize/tokenized_cohort.h"

#include <cstdint>
#include <vector>

namespace cb {

struct Window {
    std::uint32_t patient = 0;
    std::uint32_t begin = 0;  // token offsets within the patient's timeline
    std::uint32_t end = 0;
    std::uint32_t length() const { return end - begin; }
};

// A training step: windows of similar length, padded to the longest.
struct WindowBatch {
    std::vector<Window> windows;
    std::uint32_t maxLength = 0;
};

// Draws windows until `tokenBudget` tokens are planned: a random train patient, a timeline cut at a
// random point (Context Clues truncates timelines at random points), its last `context` tokens.
// Windows are bucketed by length so padding stays small, then the steps are shuffled.
std::vector<WindowBatch> planWindows(const TokenizedCohort& tokens, const std::vector<std::uint32_t>& patients,
                                     int context, std::int64_t tokenBudget, int tokensPerStep, std::uint64_t seed);

}  // namespace cb
