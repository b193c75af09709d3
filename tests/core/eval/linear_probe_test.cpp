#include "core/eval/linear_probe.h"
#include "core/eval/metrics.h"
#include "tests/support/json_fixture.h"

#include <gtest/gtest.h>

namespace cb {

// The EHRSHOT head end to end against scikit-learn: MaxAbsScaler fitted on train, C chosen by
// validation AUROC (first of ties), test AUROC / AUPRC / Brier of the refit model.
TEST(LinearProbe, ReproducesTheScikitLearnProtocol) {
    const auto fixture = test::loadJson("sklearn/probe.json");
    std::size_t cols = 0;
    const auto x = test::flatten(fixture["x"], cols);
    const auto labels = fixture["y"].get<std::vector<int>>();
    const auto splits = fixture["split"].get<std::vector<std::string>>();

    FeatureMatrix features;
    features.rows = labels.size();
    features.cols = cols;
    for (double v : x) features.values.push_back(static_cast<float>(v));
    // Features travel as float32 in ContextBench; the fixture's inputs are float32-exact by
    // construction only up to rounding, so compare at float precision.
    std::vector<ProbeExample> examples;
    std::vector<int> slotOf(labels.size(), -1);
    int testSlot = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const Split split = parseSplit(splits[i]);
        examples.push_back({i, static_cast<std::uint8_t>(labels[i]), split, static_cast<std::uint32_t>(i), 0});
        if (split == Split::HeldOut) slotOf[i] = testSlot++;
    }
    ProbeConfig config;
    config.cGrid = fixture["c_grid"].get<std::vector<double>>();
    config.bootstrapReplicates = 200;
    const PatientBootstrap bootstrap(static_cast<std::size_t>(testSlot), config.bootstrapReplicates, 5);
    const auto result = evaluateLinearProbe(features, "task", examples, config, bootstrap, slotOf);

    ASSERT_TRUE(result.evaluated) << result.skipReason;
    const auto validation = fixture["validation_auroc"].get<std::vector<double>>();
    ASSERT_EQ(result.validationAuroc.size(), validation.size());
    for (std::size_t i = 0; i < validation.size(); ++i) EXPECT_NEAR(result.validationAuroc[i], validation[i], 2e-3) << i;
    EXPECT_EQ(result.bestC, fixture["best_c"].get<double>());
    EXPECT_NEAR(result.auroc.value, fixture["test_auroc"].get<double>(), 2e-3);
    EXPECT_NEAR(result.auprc.value, fixture["test_auprc"].get<double>(), 2e-3);
    EXPECT_NEAR(result.brier.value, fixture["test_brier"].get<double>(), 1e-4);
    EXPECT_EQ(result.testCount, 120);
    EXPECT_LE(result.auroc.low, result.auroc.value);
    EXPECT_GE(result.auroc.high, result.auroc.value);
    EXPECT_EQ(result.aurocReplicates.size(), 200u);
}

TEST(LinearProbe, SkipsATaskWhoseTestSplitHasOneClass) {
    FeatureMatrix features;
    features.rows = 6;
    features.cols = 1;
    features.values = {0, 1, 2, 3, 4, 5};
    std::vector<ProbeExample> examples = {{0, 0, Split::Train, 0, 0},   {1, 1, Split::Train, 1, 0},
                                          {2, 0, Split::Tuning, 2, 0},  {3, 1, Split::Tuning, 3, 0},
                                          {4, 1, Split::HeldOut, 4, 0}, {5, 1, Split::HeldOut, 5, 0}};
    const PatientBootstrap bootstrap(2, 10, 1);
    const auto result = evaluateLinearProbe(features, "t", examples, ProbeConfig{}, bootstrap, {-1, -1, -1, -1, 0, 1});
    EXPECT_FALSE(result.evaluated);
    EXPECT_NE(result.skipReason.find("test split has 2 positives out of 2"), std::string::npos) << result.skipReason;
}

}  // namespace cb
