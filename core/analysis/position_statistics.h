#pragma once

#include <vector>

namespace cb {

// The disease-progression curve of Context Clues from per-token perplexities grouped by token index:
// at each index with at least `minPoints` values, the median and a 95% interval of the median from
// order statistics (ranks 0.5n -/+ 1.96 sqrt(n) / 2), then each of the three series smoothed with an
// exponential moving average of span `emaSpan` (pandas' ewm(span).mean(), adjust=True).
struct PositionCurve {
    std::vector<int> index;           // token positions kept
    std::vector<int> points;          // values at each
    std::vector<double> rawMedian;    // before smoothing
    std::vector<double> median, low, high;
};

PositionCurve summarizeByPosition(std::vector<std::vector<double>> valuesByIndex, int minPoints = 30, int emaSpan = 20);

// pandas Series.ewm(span=span).mean() with adjust=True: y_t = sum_i (1-a)^i x_(t-i) / sum_i (1-a)^i.
std::vector<double> exponentialMovingAverage(const std::vector<double>& values, int span);

}  // namespace cb
