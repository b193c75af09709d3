#include "core/analysis/position_statistics.h"

#include "core/common/percentile.h"

#include <algorithm>
#include <cmath>

namespace cb {

std::vector<double> exponentialMovingAverage(const std::vector<double>& values, int span) {
    const double keep = 1.0 - 2.0 / (span + 1.0);
    std::vector<double> out;
    out.reserve(values.size());
    double numerator = 0.0, denominator = 0.0;
    for (double v : values) {
        numerator = numerator * keep + v;
        denominator = denominator * keep + 1.0;
        out.push_back(numerator / denominator);
    }
    return out;
}

PositionCurve summarizeByPosition(std::vector<std::vector<double>> valuesByIndex, int minPoints, int emaSpan) {
    PositionCurve curve;
    for (std::size_t i = 0; i < valuesByIndex.size(); ++i) {
        auto& v = valuesByIndex[i];
        if (static_cast<int>(v.size()) < minPoints || v.empty()) continue;
        std::sort(v.begin(), v.end());
        const double n = static_cast<double>(v.size());
        const double half = 1.96 * std::sqrt(n) / 2.0;
        const auto rank = [&](double r) {
            return v[static_cast<std::size_t>(std::clamp(r, 0.0, n - 1.0))];
        };
        curve.index.push_back(static_cast<int>(i));
        curve.points.push_back(static_cast<int>(v.size()));
        curve.rawMedian.push_back(percentileSorted(v, 50.0));
        curve.low.push_back(rank(std::floor(0.5 * n - half)));
        curve.high.push_back(rank(std::ceil(0.5 * n + half)));
    }
    curve.median = exponentialMovingAverage(curve.rawMedian, emaSpan);
    curve.low = exponentialMovingAverage(curve.low, emaSpan);
    curve.high = exponentialMovingAverage(curve.high, emaSpan);
    return curve;
}

}  // namespace cb
