#include "core/common/percentile.h"
#include "core/common/rng.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cb {

TEST(Rng, SameSeedGivesSameStream) {
    Rng a(7), b(7), c(8);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const auto x = a.next();
        EXPECT_EQ(x, b.next());
        differs = differs || x != c.next();
    }
    EXPECT_TRUE(differs);
}

TEST(Rng, SamplersHaveTheirMoments) {
    Rng rng(1);
    const int n = 200000;
    double sum = 0, squares = 0, expSum = 0, gammaSum = 0, poissonSum = 0;
    for (int i = 0; i < n; ++i) {
        const double z = rng.normal();
        sum += z;
        squares += z * z;
        expSum += rng.exponential(2.0);
        gammaSum += rng.gamma(3.0);
        poissonSum += rng.poisson(4.0);
    }
    EXPECT_NEAR(sum / n, 0.0, 0.01);
    EXPECT_NEAR(squares / n, 1.0, 0.01);
    EXPECT_NEAR(expSum / n, 0.5, 0.01);
    EXPECT_NEAR(gammaSum / n, 3.0, 0.03);
    EXPECT_NEAR(poissonSum / n, 4.0, 0.03);
}

TEST(Rng, BelowStaysInRange) {
    Rng rng(3);
    std::vector<int> counts(5, 0);
    for (int i = 0; i < 50000; ++i) ++counts[rng.below(5)];
    for (int c : counts) EXPECT_NEAR(c / 50000.0, 0.2, 0.01);
}

TEST(Percentile, MatchesNumpyLinearInterpolation) {
    // numpy.percentile([1, 2, 3, 4], q) for q = 0, 25, 50, 97.5, 100
    const std::vector<double> v{4, 1, 3, 2};
    EXPECT_DOUBLE_EQ(percentile(v, 0), 1.0);
    EXPECT_DOUBLE_EQ(percentile(v, 25), 1.75);
    EXPECT_DOUBLE_EQ(percentile(v, 50), 2.5);
    EXPECT_DOUBLE_EQ(percentile(v, 97.5), 3.925);
    EXPECT_DOUBLE_EQ(percentile(v, 100), 4.0);
    EXPECT_TRUE(std::isnan(percentile({}, 50)));
}

}  // namespace cb
