#include "core/attention/row_softmax.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace cb {
namespace {

TEST(RowSoftmax, ExpMatchesTheLibraryAcrossASoftmaxsRangeAndOddLengths) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> spread(-90.f, 0.f);
    for (int n : {0, 1, 7, 8, 9, 31, 1000}) {
        std::vector<float> x(static_cast<size_t>(n));
        for (auto& value : x) value = spread(rng);
        if (n > 2) x[1] = 0.f;  // the row's maximum after the shift
        const std::vector<float> before = x;
        const float shift = -0.5f;
        const float sum = expShiftedInPlace(x.data(), n, shift);
        double expected = 0.0;
        for (int j = 0; j < n; ++j) {
            const double want = std::exp(static_cast<double>(before[j]) - shift);
            expected += want;
            // 4 float ulps, and absolutely tiny where the result underflows towards 0.
            EXPECT_NEAR(x[j], want, std::max(4.0 * std::numeric_limits<float>::epsilon() * want, 1e-37)) << "x=" << before[j];
        }
        EXPECT_NEAR(sum, expected, 1e-5 * std::max(1.0, expected)) << "n=" << n;
    }
}

TEST(RowSoftmax, MaxOfOddLengthsAndOfNothing) {
    std::vector<float> x{3.f, -1.f, 2.f, 9.f, 0.f, 1.f, 4.f, -8.f, 5.f, 8.5f, 11.f};
    for (size_t n = 1; n <= x.size(); ++n) {
        float want = x[0];
        for (size_t j = 0; j < n; ++j) want = std::max(want, x[j]);
        EXPECT_EQ(rowMax(x.data(), static_cast<int64_t>(n)), want) << n;
    }
    EXPECT_EQ(rowMax(x.data(), 0), -std::numeric_limits<float>::infinity());
}

}  // namespace
}  // namespace cb
