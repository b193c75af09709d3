#pragma once

#include <algorithm>
#include <cmath>

namespace cb {

// Linear warmup to the peak rate, then cosine decay to peak * minRatio at the last step.
inline double learningRateAt(int step, int totalSteps, double peak, double warmupFraction, double minRatio) {
    const int warmup = std::max(1, static_cast<int>(warmupFraction * totalSteps));
    if (step < warmup) return peak * (step + 1) / warmup;
    const double progress = totalSteps > warmup ? static_cast<double>(step - warmup) / std::max(1, totalSteps - warmup - 1) : 1.0;
    const double cosine = 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
    return peak * (minRatio + (1.0 - minRatio) * cosine);
}

}  // namespace cb
