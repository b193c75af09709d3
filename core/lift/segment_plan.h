#pragma once

#include <cstdint>
#include <vector>

namespace cb {

struct TokenSpan {
    std::int64_t begin = 0;
    std::int64_t end = 0;  // exclusive
    std::int64_t length() const { return end - begin; }
};

// LIFT's segmentation of an input of `length` tokens: segments of `segmentLength` tokens starting
// every `stride` tokens (3/8 of the segment by default, so neighbours overlap by 5/8). The last
// segment is the first one that reaches the end of the input: later starts would only repeat its
// tail, and an input shorter than one segment is then exactly one segment.
std::vector<TokenSpan> planSegments(std::int64_t length, std::int64_t segmentLength, std::int64_t stride);

// The stride LIFT uses for a segment length: 3/8 of it, at least one token.
std::int64_t defaultStride(std::int64_t segmentLength);

// LIFT's ICL truncation of a prompt longer than `maxLength` tokens: the first
// maxLength/2 - len(ellipsis) tokens, the ellipsis, then the last maxLength/2 tokens. Shorter prompts
// come back unchanged.
std::vector<std::int32_t> truncateMiddle(const std::vector<std::int32_t>& ids, std::int64_t maxLength,
                                         const std::vector<std::int32_t>& ellipsis);

}  // namespace cb
