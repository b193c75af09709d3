#pragma once

#include <vector>

namespace cb {

// numpy.percentile's default ("linear") interpolation; `values` need not be sorted. q in [0, 100].
// Returns NaN for an empty input.
double percentile(std::vector<double> values, double q);
// Same on already sorted values, without copying.
double percentileSorted(const std::vector<double>& sorted, double q);

}  // namespace cb
