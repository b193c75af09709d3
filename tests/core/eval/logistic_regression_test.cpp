#include "core/common/error.h"
#include "core/eval/logistic_regression.h"
#include "tests/support/json_fixture.h"

#include <gtest/gtest.h>

#include <numeric>

namespace cb {

// scikit-learn's LogisticRegression over the whole C grid, from 1e-8 (weights near zero) to 1e4
// (nearly unregularised): its exact optimum (newton-cholesky) and, within lbfgs' own tolerance, the
// lbfgs answer the EHRSHOT head uses.
TEST(LogisticRegression, ReachesScikitLearnsOptimumAcrossTheCGrid) {
    const auto fixture = test::loadJson("sklearn/logistic.json");
    std::size_t cols = 0, testCols = 0;
    const auto x = test::flatten(fixture["x"], cols);
    const auto xTest = test::flatten(fixture["x_test"], testCols);
    const auto labels = fixture["y"].get<std::vector<std::uint8_t>>();
    std::vector<std::size_t> rows(labels.size());
    std::iota(rows.begin(), rows.end(), 0);
    for (const auto& fit : fixture["fits"]) {
        const double C = fit["C"].get<double>();
        const auto model = fitLogistic(x, cols, rows, labels, C);
        EXPECT_TRUE(model.converged) << "C=" << C;
        const auto coef = fit["coef"].get<std::vector<double>>();
        for (std::size_t j = 0; j < cols; ++j)
            EXPECT_NEAR(model.weights[j], coef[j], 1e-6 * std::max(1.0, std::abs(coef[j]))) << "C=" << C << " j=" << j;
        EXPECT_NEAR(model.intercept, fit["intercept"].get<double>(), 1e-6) << "C=" << C;
        const auto proba = fit["proba"].get<std::vector<double>>();
        const auto lbfgs = fit["lbfgs_proba"].get<std::vector<double>>();
        for (std::size_t i = 0; i < proba.size(); ++i) {
            EXPECT_NEAR(model.probability(&xTest[i * cols]), proba[i], 1e-7) << "C=" << C;
            EXPECT_NEAR(model.probability(&xTest[i * cols]), lbfgs[i], 1e-5) << "C=" << C;
        }
    }
}

TEST(LogisticRegression, RejectsBadInput) {
    const std::vector<double> x{1, 2};
    EXPECT_THROW(fitLogistic(x, 1, {}, {}, 1.0), Error);
    EXPECT_THROW(fitLogistic(x, 1, {0, 1}, {1}, 1.0), Error);
    EXPECT_THROW(fitLogistic(x, 1, {0, 1}, {0, 1}, 0.0), Error);
}

}  // namespace cb
