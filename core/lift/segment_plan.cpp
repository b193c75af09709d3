#include "core/lift/segment_plan.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace cb {

std::int64_t defaultStride(std::int64_t segmentLength) { return std::max<std::int64_t>(1, segmentLength * 3 / 8); }

std::vector<TokenSpan> planSegments(std::int64_t length, std::int64_t segmentLength, std::int64_t stride) {
    if (segmentLength < 2) throw std::invalid_argument("LIFT segment length must be at least 2 tokens, got " + std::to_string(segmentLength));
    if (stride < 1 || stride > segmentLength)
        throw std::invalid_argument("LIFT stride must lie in 1.." + std::to_string(segmentLength) + ", got " + std::to_string(stride));
    std::vector<TokenSpan> spans;
    if (length <= 0) return spans;
    for (std::int64_t begin = 0;; begin += stride) {
        const std::int64_t end = std::min(length, begin + segmentLength);
        spans.push_back({begin, end});
        if (end == length) break;
    }
    return spans;
}

std::vector<std::int32_t> truncateMiddle(const std::vector<std::int32_t>& ids, std::int64_t maxLength,
                                         const std::vector<std::int32_t>& ellipsis) {
    const auto n = static_cast<std::int64_t>(ids.size());
    if (n <= maxLength) return ids;
    const std::int64_t tail = maxLength / 2;
    const std::int64_t head = maxLength / 2 - static_cast<std::int64_t>(ellipsis.size());
    if (head < 0) throw std::invalid_argument("ICL window of " + std::to_string(maxLength) + " tokens is too short to truncate");
    std::vector<std::int32_t> out(ids.begin(), ids.begin() + head);
    out.insert(out.end(), ellipsis.begin(), ellipsis.end());
    out.insert(out.end(), ids.end() - tail, ids.end());
    return out;
}

}  // namespace cb
