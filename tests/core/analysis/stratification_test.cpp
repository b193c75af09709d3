#include "core/analysis/property_cache.h"
#include "core/analysis/run_kinds.h"
#include "core/analysis/strata_from_store.h"
#include "core/analysis/stratification.h"
#include "core/eval/metrics.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>

namespace cb {
namespace {

// 80 subjects, one prediction time each, rr_1 = subject / 100 so quartile q holds subjects
// 20q..20q+19. Two tasks; labels alternate.
std::vector<ExampleProperties> properties() {
    std::vector<ExampleProperties> out;
    for (int s = 0; s < 80; ++s) {
        ExampleProperties p;
        p.subjectId = 1000 + s;
        p.time = 50 * kDayUs;
        p.properties.repetition = {s / 100.0, 0.1, 0.1, 0.1};
        p.properties.gapStd = s < 40 ? 10.0 : 20.0;
        p.properties.events = static_cast<std::size_t>(10 + s);
        out.push_back(p);
    }
    return out;
}

// A run whose error grows with the quartile by `slope`; deterministic noise.
StrataRun run(int context, double slope, std::int64_t id) {
    StrataRun r;
    r.runId = id;
    r.architecture = "LlamaForCausalLM";
    r.attention = "full";
    r.context = context;
    std::mt19937 rng(static_cast<unsigned>(id));
    std::uniform_real_distribution<double> noise(0.0, 0.1);
    for (const char* task : {"a", "b"})
        for (int s = 0; s < 80; ++s) {
            const std::uint8_t label = static_cast<std::uint8_t>((s + (task[0] == 'b')) % 2);
            const double error = 0.1 + slope * (s / 20) + noise(rng);
            r.predictions.push_back({task, 1000 + s, 50 * kDayUs, label, label ? 1.0 - error : error});
        }
    return r;
}

double directBrier(const StrataRun& r, int quartile) {
    double sum = 0.0;
    for (const char* task : {"a", "b"}) {
        std::vector<std::uint8_t> labels;
        std::vector<double> probabilities;
        for (const auto& p : r.predictions)
            if (p.task == task && (p.subjectId - 1000) / 20 == quartile) {
                labels.push_back(p.label);
                probabilities.push_back(p.probability);
            }
        sum += brier(labels, probabilities);
    }
    return sum / 2.0;
}

TEST(Stratification, BrierPerQuartileIsTheMacroAverageOverTasks) {
    const std::vector<StrataRun> runs{run(512, 0.1, 1), run(4096, 0.02, 2)};
    StrataConfig config;
    config.replicates = 200;
    const auto result = stratify(properties(), runs, StrataMetric::Repetition, config);
    ASSERT_EQ(result.quartiles, 4);
    ASSERT_EQ(result.runs.size(), 2u);
    EXPECT_EQ(result.unmatchedPredictions, 0);
    for (std::size_t r = 0; r < 2; ++r)
        for (int q = 0; q < 4; ++q) {
            const auto& score = result.runs[r].quartiles[static_cast<std::size_t>(q)];
            EXPECT_NEAR(score.brier.value, directBrier(runs[r], q), 1e-12) << r << " " << q;
            EXPECT_EQ(score.examples, 40);  // 20 subjects x 2 tasks
            EXPECT_LE(score.brier.low, score.brier.value);
            EXPECT_GE(score.brier.high, score.brier.value);
            EXPECT_GT(score.brier.high, score.brier.low);
            EXPECT_DOUBLE_EQ(score.metricLow, (20 * q) / 100.0);
            EXPECT_DOUBLE_EQ(score.metricHigh, (20 * q + 19) / 100.0);
        }
    // The steeper run degrades across quartiles; the long context wins everywhere but Q1 is close.
    EXPECT_GT(result.runs[0].quartiles[3].brier.value, result.runs[0].quartiles[0].brier.value + 0.05);
    ASSERT_EQ(result.winRates.size(), 1u);
    EXPECT_EQ(result.winRates[0].shortContext, 512);
    EXPECT_EQ(result.winRates[0].longContext, 4096);
    EXPECT_DOUBLE_EQ(result.winRates[0].rate[3], 1.0);
    EXPECT_EQ(result.winRates[0].tasks[3], 2);
}

TEST(Stratification, IdenticalRunsGetIdenticalIntervals) {
    // Every run is resampled with the same patient replicates: that is what makes them comparable.
    const auto a = run(512, 0.05, 7);
    auto b = a;
    b.runId = 8;
    b.context = 1024;
    const auto result = stratify(properties(), {a, b}, StrataMetric::Repetition, {100, 99});
    for (int q = 0; q < 4; ++q) {
        EXPECT_EQ(result.runs[0].quartiles[q].brier.low, result.runs[1].quartiles[q].brier.low);
        EXPECT_EQ(result.runs[0].quartiles[q].auroc.high, result.runs[1].quartiles[q].auroc.high);
        EXPECT_DOUBLE_EQ(result.winRates[0].rate[q], 0.5);  // ties count half
    }
}

TEST(Stratification, TiedMetricGivesFewerBins) {
    // gap std takes two values: qcut drops the coinciding edges, leaving two bins.
    const auto result = stratify(properties(), {run(512, 0.05, 3)}, StrataMetric::Irregularity, {50, 1});
    EXPECT_EQ(result.quartiles, 2);
    EXPECT_EQ(result.runs[0].quartiles.size(), 2u);
    EXPECT_EQ(result.runs[0].quartiles[0].examples, 80);
}

TEST(Stratification, PredictionsWithoutPropertiesAreCountedNotScored) {
    auto props = properties();
    props.resize(60);
    const auto result = stratify(props, {run(512, 0.05, 3)}, StrataMetric::Length, {50, 1});
    EXPECT_EQ(result.unmatchedPredictions, 40);
    std::int64_t scored = 0;
    for (const auto& q : result.runs[0].quartiles) scored += q.examples;
    EXPECT_EQ(scored, 120);
}

TEST(Stratification, UnknownMetricNameIsAnError) {
    EXPECT_EQ(parseStrataMetric("rr1"), StrataMetric::Repetition);
    EXPECT_EQ(parseStrataMetric("irregularity"), StrataMetric::Irregularity);
    EXPECT_THROW(parseStrataMetric("entropy"), Error);
}

TEST(StrataFromStore, ReadsRunsAndPropertiesBackFromTheDatabase) {
    test::TempDir dir;
    ResultStore store(dir.file("results.sqlite"));
    const std::string cohort(64, 'c');
    EXPECT_THROW(chooseStrataCohort(store), Error);  // nothing evaluated yet
    const std::vector<StrataRun> runs{run(512, 0.1, 1), run(4096, 0.02, 2)};
    for (const auto& r : runs) {
        RunRecord record;
        record.key = "run-" + std::to_string(r.context);
        record.kind = kContextAurocRunKind;
        record.cohortHash = cohort;
        record.architecture = r.architecture;
        record.contextLength = r.context;
        record.attention = r.attention;
        record.config = nlohmann::json::object();
        std::vector<PredictionRow> predictions;
        for (const auto& p : r.predictions) predictions.push_back({p.task, p.subjectId, p.time, p.label, p.probability});
        store.putCompleteRun(record, {}, predictions);
    }
    EXPECT_EQ(chooseStrataCohort(store), cohort);
    EXPECT_EQ(chooseStrataCohort(store, "ccc"), cohort);
    EXPECT_THROW(chooseStrataCohort(store, "d"), Error);
    EXPECT_THROW(stratifyCachedRuns(store, cohort, StrataMetric::Repetition), Error);  // no properties yet

    storeExampleProperties(store, cohort, properties());
    EXPECT_TRUE(hasExampleProperties(store, cohort));
    const auto loaded = loadExampleProperties(store, cohort);
    ASSERT_EQ(loaded.size(), 80u);
    EXPECT_DOUBLE_EQ(loaded[33].properties.repetition[0], 0.33);

    StrataConfig config;
    config.replicates = 200;
    const auto fromStore = stratifyCachedRuns(store, cohort, StrataMetric::Repetition, config);
    const auto direct = stratify(properties(), runs, StrataMetric::Repetition, config);
    ASSERT_EQ(fromStore.runs.size(), 2u);
    for (std::size_t r = 0; r < 2; ++r)
        for (int q = 0; q < 4; ++q) {
            EXPECT_DOUBLE_EQ(fromStore.runs[r].quartiles[q].brier.value, direct.runs[r].quartiles[q].brier.value);
            EXPECT_DOUBLE_EQ(fromStore.runs[r].quartiles[q].brier.high, direct.runs[r].quartiles[q].brier.high);
        }

    writeStratificationCsv(dir.file("strata.csv"), fromStore);
    std::ifstream in(dir.file("strata.csv"));
    int quartileRows = 0, winRows = 0;
    for (std::string line; std::getline(in, line);) {
        quartileRows += line.rfind("quartile,", 0) == 0;
        winRows += line.rfind("win_rate,", 0) == 0;
    }
    EXPECT_EQ(quartileRows, 8);
    EXPECT_EQ(winRows, 4);
}

}  // namespace
}  // namespace cb
