#include "core/analysis/example_properties.h"
#include "core/analysis/position_statistics.h"
#include "core/analysis/stratification.h"
#include "core/cohort/meds_reader.h"
#include "core/cohort/synthetic_generator.h"
#include "tests/support/json_fixture.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

namespace cb {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double orNaN(const nlohmann::json& v) { return v.is_null() ? kNaN : v.get<double>(); }

void expectNear(double actual, double expected, const std::string& what) {
    if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(actual)) << what << ": expected NaN, got " << actual;
        return;
    }
    EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::abs(expected))) << what;
}

void expectMatchesPandas(const std::vector<ExampleProperties>& rows, const nlohmann::json& expected) {
    ASSERT_EQ(rows.size(), expected.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& e = expected[i];
        const auto& r = rows[i];
        const std::string where = "row " + std::to_string(i) + " subject " + std::to_string(r.subjectId);
        ASSERT_EQ(r.subjectId, e["subject_id"].get<std::int64_t>()) << where;
        ASSERT_EQ(r.time, e["time_us"].get<std::int64_t>()) << where;
        EXPECT_EQ(r.properties.events, e["events"].get<std::size_t>()) << where;
        for (std::size_t n = 0; n < 4; ++n)
            expectNear(r.properties.repetition[n], e["rr"][n].get<double>(), where + " rr_" + std::to_string(n + 1));
        expectNear(r.properties.gapStd, orNaN(e["gap_std"]), where + " gap std");
        expectNear(r.properties.gapMean, orNaN(e["gap_mean"]), where + " gap mean");
        expectNear(r.properties.gapIqr, orNaN(e["gap_iqr"]), where + " gap IQR");
    }
}

TEST(ExampleProperties, LabelledExamplesMatchPandas) {
    auto cohort = readMedsDataset(test::dataPath("meds/femr-synthetic"));
    readMedsLabels(test::dataPath("meds/femr-synthetic/labels.parquet"), cohort, "demo");
    const auto rows = labelledExampleProperties(cohort, nullptr);
    expectMatchesPandas(rows, test::loadJson("properties/expected.json")["femr_synthetic_labels"]);
    for (const auto& r : rows) EXPECT_EQ(r.tokens, -1);
}

TEST(ExampleProperties, TimelinesMatchPandas) {
    const auto cohort = readMedsDataset(test::dataPath("meds/meds-transforms-example"));
    expectMatchesPandas(timelineProperties(cohort, nullptr), test::loadJson("properties/expected.json")["meds_transforms_timeline"]);
}

TEST(ExampleProperties, OnePassOverManyCutoffsEqualsRecomputingEach) {
    SyntheticConfig config;
    config.patients = 40;
    const auto cohort = generateSyntheticCohort(config);
    for (std::size_t p = 0; p < 5; ++p) {
        const auto events = cohort.patient(p);
        std::vector<TimeUs> cutoffs;
        for (std::size_t i = 0; i < events.size(); i += 37) cutoffs.push_back(events.time[i]);
        cutoffs.erase(std::unique(cutoffs.begin(), cutoffs.end()), cutoffs.end());
        const auto streamed = computeEhrPropertiesAt(events, cutoffs);
        ASSERT_EQ(streamed.size(), cutoffs.size());
        for (std::size_t c = 0; c < cutoffs.size(); ++c) {
            const auto fresh = computeEhrProperties(events, cutoffs[c]);
            EXPECT_EQ(streamed[c].events, fresh.events);
            for (std::size_t n = 0; n < 4; ++n) EXPECT_DOUBLE_EQ(streamed[c].repetition[n], fresh.repetition[n]);
            expectNear(streamed[c].gapStd, fresh.gapStd, "gap std");
            expectNear(streamed[c].gapIqr, fresh.gapIqr, "gap IQR");
        }
    }
}

TEST(ExampleProperties, UnsortedCutoffsAreRejected) {
    SyntheticConfig config;
    config.patients = 10;
    const auto cohort = generateSyntheticCohort(config);
    const std::vector<TimeUs> cutoffs{5 * kDayUs, 1 * kDayUs};
    EXPECT_THROW(computeEhrPropertiesAt(cohort.patient(0), cutoffs), Error);
}

TEST(ExampleProperties, CsvHasOneRowPerExampleAndEmptyCellsForUndefinedStatistics) {
    const auto cohort = readMedsDataset(test::dataPath("meds/meds-transforms-example"));
    auto rows = timelineProperties(cohort, nullptr);
    rows[0].properties.gapStd = kNaN;
    test::TempDir dir;
    writePropertiesCsv(dir.file("p.csv"), rows);
    std::ifstream in(dir.file("p.csv"));
    std::string header, first;
    std::getline(in, header);
    std::getline(in, first);
    EXPECT_EQ(header, "subject_id,prediction_time,events,tokens,rr_1,rr_2,rr_3,rr_4,rr_geomean,gap_std_s,gap_mean_s,gap_iqr_s");
    EXPECT_NE(first.find(",,"), std::string::npos) << first;  // no tokens, no gap std
    int lines = 2;
    for (std::string line; std::getline(in, line);) ++lines;
    EXPECT_EQ(lines, 1 + static_cast<int>(rows.size()));
}

TEST(Quartiles, MatchPandasQcutOfMinRanks) {
    const auto fixture = test::loadJson("properties/expected.json")["quartiles"];
    for (const char* name : {"rr1", "gap_std", "ties"}) {
        std::vector<double> values;
        for (const auto& v : fixture[name]["values"]) values.push_back(orNaN(v));
        const auto bins = quartilesByRank(values);
        ASSERT_EQ(bins.size(), fixture[name]["bins"].size()) << name;
        for (std::size_t i = 0; i < bins.size(); ++i) {
            const auto& e = fixture[name]["bins"][i];
            EXPECT_EQ(bins[i], e.is_null() ? -1 : e.get<int>()) << name << " item " << i;
        }
    }
}

}  // namespace
}  // namespace cb

namespace cb {
namespace {

TEST(PositionStatistics, MediansAndSmoothingMatchPandas) {
    const auto fixture = test::loadJson("properties/expected.json")["position_statistics"];
    std::vector<std::vector<double>> values;
    for (const auto& v : fixture["values"]) values.push_back(v.get<std::vector<double>>());
    const auto curve = summarizeByPosition(values, 30, 20);
    ASSERT_EQ(curve.index, fixture["kept"].get<std::vector<int>>());
    for (std::size_t i = 0; i < curve.index.size(); ++i) {
        EXPECT_NEAR(curve.rawMedian[i], fixture["raw_median"][i].get<double>(), 1e-12);
        EXPECT_NEAR(curve.median[i], fixture["ema_median"][i].get<double>(), 1e-12);
        EXPECT_LE(curve.low[i], curve.high[i]);
    }
}

TEST(PositionStatistics, IntervalIsTheOrderStatisticsOfTheMedian) {
    // 100 values 1..100: ranks 50 -/+ 1.96 * 10 / 2 = 40.2 .. 59.8 -> floor 40, ceil 60 (0-based).
    std::vector<std::vector<double>> values(1);
    for (int v = 1; v <= 100; ++v) values[0].push_back(v);
    const auto curve = summarizeByPosition(values, 30, 1);  // span 1: no smoothing
    ASSERT_EQ(curve.index.size(), 1u);
    EXPECT_DOUBLE_EQ(curve.median[0], 50.5);
    EXPECT_DOUBLE_EQ(curve.low[0], 41.0);
    EXPECT_DOUBLE_EQ(curve.high[0], 61.0);
}

}  // namespace
}  // namespace cb
