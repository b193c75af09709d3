#include "core/analysis/paired_comparison.h"
#include "core/common/error.h"
#include "core/eval/metrics.h"
#include "tests/support/results_fixture.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cb {
namespace {

class PairedComparisonTest : public ::testing::Test {
protected:
    test::TempDir dir;
    ResultStore store{dir.file("results.sqlite")};
};

TEST_F(PairedComparisonTest, ARunAgainstItselfDiffersByExactlyNothing) {
    const auto base = test::addFixtureRun(store, {});
    const auto out = compareToBaseline(store, base, {base});
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].tasks.size(), 3u);
    for (const auto& t : out[0].tasks) {
        EXPECT_EQ(t.delta.value, 0.0);
        EXPECT_EQ(t.delta.low, 0.0);
        EXPECT_EQ(t.delta.high, 0.0);
        EXPECT_EQ(t.examples, 200u);
    }
    EXPECT_EQ(out[0].wins, 0);
    EXPECT_EQ(out[0].winRate, 0.0);
}

// Pairing is what makes this interval zero: a monotone transform of the baseline's scores ranks every
// resample identically, while two independent resamples would give intervals of +/- several points.
TEST_F(PairedComparisonTest, SharedResamplesCancelWhatBothRunsShare) {
    const auto base = test::addFixtureRun(store, {});
    RunRecord copy = *store.run(base);
    copy.key = "monotone";
    std::vector<PredictionRow> squashed;
    for (auto p : store.predictions(base)) {
        p.probability = p.probability * p.probability * 0.5;
        squashed.push_back(p);
    }
    const auto other = store.putCompleteRun(copy, store.metrics(base), squashed);
    const auto out = compareToBaseline(store, base, {other}, {.replicates = 300});
    for (const auto& t : out[0].tasks) {
        EXPECT_DOUBLE_EQ(t.delta.value, 0.0);
        EXPECT_NEAR(t.delta.low, 0.0, 1e-12);
        EXPECT_NEAR(t.delta.high, 0.0, 1e-12);
    }
}

TEST_F(PairedComparisonTest, ABetterRunWinsWithAnIntervalAboveZero) {
    const auto base = test::addFixtureRun(store, {.signal = 0.5, .noiseSeed = 1, .patients = 400});
    const auto better = test::addFixtureRun(store, {.context = 4096, .signal = 3.0, .noiseSeed = 2, .patients = 400});
    const auto out = compareToBaseline(store, base, {better}, {.replicates = 400, .seed = 7});
    const auto& c = out[0];
    ASSERT_EQ(c.tasks.size(), 3u);
    double mean = 0.0;
    for (const auto& t : c.tasks) {
        std::vector<std::uint8_t> labels;
        std::vector<double> b, o;
        const auto bp = store.predictions(base, t.task), op = store.predictions(better, t.task);
        for (std::size_t i = 0; i < bp.size(); ++i) {
            labels.push_back(static_cast<std::uint8_t>(bp[i].label));
            b.push_back(bp[i].probability);
            o.push_back(op[i].probability);
        }
        EXPECT_DOUBLE_EQ(t.baseline, auroc(labels, b));
        EXPECT_DOUBLE_EQ(t.other, auroc(labels, o));
        EXPECT_DOUBLE_EQ(t.delta.value, t.other - t.baseline);
        EXPECT_GT(t.delta.low, 0.0) << t.task;
        EXPECT_LE(t.delta.low, t.delta.value);
        EXPECT_GE(t.delta.high, t.delta.value);
        mean += t.delta.value / 3.0;
    }
    EXPECT_DOUBLE_EQ(c.meanDelta.value, mean);
    EXPECT_GT(c.meanDelta.low, 0.0);
    EXPECT_EQ(c.wins, 3);
    EXPECT_EQ(c.winRate, 1.0);
    // The same seed gives the same intervals; another seed other ones.
    const auto again = compareToBaseline(store, base, {better}, {.replicates = 400, .seed = 7});
    EXPECT_EQ(again[0].meanDelta.low, c.meanDelta.low);
    const auto other = compareToBaseline(store, base, {better}, {.replicates = 400, .seed = 8});
    EXPECT_NE(other[0].meanDelta.low, c.meanDelta.low);
}

TEST_F(PairedComparisonTest, TasksOnlyOneRunHasAreListedNotCompared) {
    const auto base = test::addFixtureRun(store, {});
    const auto fewer = test::addFixtureRun(store, {.noiseSeed = 5, .tasks = {"guo_los", "lab_anemia"}});
    const auto out = compareToBaseline(store, base, {fewer});
    ASSERT_EQ(out[0].tasks.size(), 1u);
    EXPECT_EQ(out[0].tasks[0].task, "guo_los");
    EXPECT_EQ(out[0].onlyInOne, (std::vector<std::string>{"guo_readmission", "new_hypertension", "lab_anemia"}));
}

TEST_F(PairedComparisonTest, CountsExamplesOnlyOneRunPredicted) {
    const auto base = test::addFixtureRun(store, {.patients = 200});
    const auto shorter = test::addFixtureRun(store, {.noiseSeed = 9, .patients = 150});
    const auto out = compareToBaseline(store, base, {shorter});
    EXPECT_EQ(out[0].tasks[0].examples, 150u);
    EXPECT_EQ(out[0].tasks[0].unmatched, 50u);
}

TEST_F(PairedComparisonTest, RefusesRunsThatCannotBePaired) {
    const auto base = test::addFixtureRun(store, {});
    const auto elsewhere = test::addFixtureRun(store, {.cohortHash = "cohort-b"});
    EXPECT_THROW(compareToBaseline(store, base, {elsewhere}), Error);
    EXPECT_THROW(compareToBaseline(store, base, {12345}), Error);
    RunRecord copy = *store.run(base);
    copy.key = "relabelled";
    auto predictions = store.predictions(base);
    predictions[3].label = 1 - predictions[3].label;
    const auto relabelled = store.putCompleteRun(copy, store.metrics(base), predictions);
    try {
        compareToBaseline(store, base, {relabelled});
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("subject " + std::to_string(predictions[3].subjectId)), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace cb
