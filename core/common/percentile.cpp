#include "core/common/percentile.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cb {

double percentileSorted(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
    const double position = q / 100.0 * static_cast<double>(sorted.size() - 1);
    const auto lower = static_cast<std::size_t>(std::floor(position));
    const auto upper = std::min(lower + 1, sorted.size() - 1);
    const double weight = position - static_cast<double>(lower);
    return sorted[lower] + (sorted[upper] - sorted[lower]) * weight;
}

double percentile(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    return percentileSorted(values, q);
}

}  // namespace cb
