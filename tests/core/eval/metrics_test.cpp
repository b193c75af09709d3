#include "core/eval/metrics.h"
#include "tests/support/json_fixture.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cb {

// Values from scikit-learn (tools/make_sklearn_fixtures.py), ties included.
TEST(Metrics, MatchScikitLearn) {
    const auto fixture = test::loadJson("sklearn/metrics.json");
    for (const auto& c : fixture["cases"]) {
        const auto labels = c["labels"].get<std::vector<std::uint8_t>>();
        const auto scores = c["scores"].get<std::vector<double>>();
        const auto probabilities = c["probabilities"].get<std::vector<double>>();
        EXPECT_NEAR(auroc(labels, scores), c["auroc"].get<double>(), 1e-12);
        EXPECT_NEAR(auprc(labels, scores), c["auprc"].get<double>(), 1e-12);
        EXPECT_NEAR(brier(labels, probabilities), c["brier"].get<double>(), 1e-12);
    }
}

TEST(Metrics, UndefinedWithoutBothClasses) {
    const std::vector<std::uint8_t> ones{1, 1, 1};
    const std::vector<double> s{0.1, 0.2, 0.3};
    EXPECT_TRUE(std::isnan(auroc(ones, s)));
    EXPECT_FALSE(std::isnan(auprc(ones, s)));
    const std::vector<std::uint8_t> zeros{0, 0, 0};
    EXPECT_TRUE(std::isnan(auprc(zeros, s)));
}

TEST(Metrics, WeightsActAsRepetitions) {
    const std::vector<std::uint8_t> labels{0, 1, 0, 1, 1};
    const std::vector<double> scores{0.1, 0.4, 0.35, 0.8, 0.35};
    const std::vector<double> weights{2, 1, 0, 3, 1};
    // The same sample written out with repetitions.
    const std::vector<std::uint8_t> repeatedLabels{0, 0, 1, 1, 1, 1, 1};
    const std::vector<double> repeatedScores{0.1, 0.1, 0.4, 0.8, 0.8, 0.8, 0.35};
    EXPECT_NEAR(WeightedAuroc(labels, scores)(weights), auroc(repeatedLabels, repeatedScores), 1e-15);
    EXPECT_NEAR(WeightedAuprc(labels, scores)(weights), auprc(repeatedLabels, repeatedScores), 1e-15);
    EXPECT_NEAR(weightedBrier(labels, scores, weights), brier(repeatedLabels, repeatedScores), 1e-15);
}

}  // namespace cb
