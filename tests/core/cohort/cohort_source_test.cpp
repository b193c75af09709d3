#include "core/cohort/cohort_source.h"
#include "core/cohort/ehrshot_assets.h"
#include "tests/support/error_text.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace cb {
namespace {

void writeText(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

using test::errorOf;

TEST(CohortSource, SyntheticSpecSetsKnobs) {
    EXPECT_TRUE(isSyntheticSpec("synthetic"));
    EXPECT_TRUE(isSyntheticSpec("synthetic:patients=30"));
    EXPECT_FALSE(isSyntheticSpec("synthetic_data/"));
    const auto config = parseSyntheticSpec("synthetic:patients=30,seed=9,copy_forward_rate=0.5");
    EXPECT_EQ(config.patients, 30);
    EXPECT_EQ(config.seed, 9u);
    EXPECT_DOUBLE_EQ(config.copyForwardRate, 0.5);
    EXPECT_NE(errorOf([] { parseSyntheticSpec("synthetic:colour=red"); }).find("unknown knob 'colour'"), std::string::npos);
    EXPECT_NE(errorOf([] { parseSyntheticSpec("synthetic:patients=many"); }).find("expects an integer"), std::string::npos);
    EXPECT_NE(errorOf([] { parseSyntheticSpec("synthetic:patients=3"); }).find("at least 10"), std::string::npos);
    const auto loaded = loadCohort("synthetic:patients=30");
    EXPECT_EQ(loaded.format, "synthetic");
    EXPECT_EQ(loaded.cohort.numPatients(), 30u);
}

TEST(CohortSource, DetectsMedsAndCsv) {
    const auto meds = loadCohort(test::dataPath("meds/meds-transforms-example"));
    EXPECT_EQ(meds.format, "meds");
    EXPECT_EQ(meds.cohort.numPatients(), 6u);
    const auto csv = loadCohort(test::dataPath("femr-csv/many_examples_1.csv"));
    EXPECT_EQ(csv.format, "femr_csv");
    EXPECT_EQ(csv.cohort.numPatients(), 100u);
    EXPECT_EQ(csv.cohort.splits.size(), 100u);
    EXPECT_EQ(csv.report["bad_rows"], 0);
    EXPECT_NE(errorOf([] { loadCohort("/no/such/place"); }).find("no such file"), std::string::npos);
    test::TempDir dir;
    writeText(dir.file("notes.txt"), "hello");
    EXPECT_NE(errorOf([&] { loadCohort(dir.str()); }).find("neither a MEDS folder"), std::string::npos);
}

TEST(CohortSource, HashedSplitsAreAboutSeventyFifteenFifteenAndStable) {
    Cohort cohort;
    for (int i = 0; i < 4000; ++i) {
        cohort.subjectIds.push_back(i);
        cohort.events.endPatient();
    }
    assignSplitsByHash(cohort);
    const auto train = cohort.patientsIn(Split::Train).size(), held = cohort.patientsIn(Split::HeldOut).size();
    EXPECT_NEAR(train / 4000.0, 0.70, 0.03);
    EXPECT_NEAR(held / 4000.0, 0.15, 0.03);
    // A patient's split depends only on its id.
    Cohort one;
    one.subjectIds.push_back(1234);
    one.events.endPatient();
    assignSplitsByHash(one);
    EXPECT_EQ(one.splits[0], cohort.splits[1234]);
}

class EhrshotAssets : public ::testing::Test {
protected:
    void SetUp() override {
        writeText(dir.file("events.csv"),
                  "patient_id,start,code,value\n"
                  "1,2020-01-01,A,\n1,2020-02-01,B,3.5\n2,2020-01-05,A,\n3,2020-03-01 10:00:00,C,\n");
        cohort = loadCohort(dir.file("events.csv")).cohort;
    }
    test::TempDir dir;
    Cohort cohort;
};

TEST_F(EhrshotAssets, SplitsMapValAndTest) {
    writeText(dir.file("splits/person_id_map.csv"), "split,omop_person_id\ntrain,1\nval,2\ntest,3\ntrain,99\n");
    readEhrshotSplits(dir.file("splits/person_id_map.csv"), cohort);
    EXPECT_EQ(cohort.splits, (std::vector<Split>{Split::Train, Split::Tuning, Split::HeldOut}));
}

TEST_F(EhrshotAssets, SplitsMustCoverEveryPatient) {
    writeText(dir.file("s.csv"), "omop_person_id,split\n1,train\n2,test\n");
    EXPECT_NE(errorOf([&] { readEhrshotSplits(dir.file("s.csv"), cohort); }).find("1 patients of the cohort have no split (first: 3)"),
              std::string::npos);
    writeText(dir.file("bad.csv"), "omop_person_id,split\n1,train\n2,holdout\n3,test\n");
    EXPECT_NE(errorOf([&] { readEhrshotSplits(dir.file("bad.csv"), cohort); }).find("bad.csv:3: unknown split 'holdout'"),
              std::string::npos);
}

TEST_F(EhrshotAssets, LabelsBecomeTasks) {
    writeText(dir.file("benchmark/guo_los/labeled_patients.csv"),
              "patient_id,prediction_time,value,label_type\n1,2020-01-15 23:59:00,True,boolean\n2,2020-01-06,False,boolean\n");
    writeText(dir.file("benchmark/lab_anemia/labeled_patients.csv"),
              "patient_id,prediction_time,value,label_type\n3,2020-03-02,2,categorical\n");
    readEhrshotLabels(dir.file("benchmark"), cohort);
    ASSERT_EQ(cohort.tasks.size(), 2u);
    EXPECT_EQ(cohort.tasks[0].task, "guo_los");
    ASSERT_EQ(cohort.tasks[0].labels.size(), 2u);
    EXPECT_EQ(cohort.tasks[0].labels[0].value, 1);
    EXPECT_EQ(cohort.tasks[0].labels[1].patient, 1u);
    EXPECT_EQ(cohort.tasks[1].labels[0].value, 2);
}

TEST_F(EhrshotAssets, BadLabelNamesFileAndLineAndAddsNothing) {
    writeText(dir.file("benchmark/a/labeled_patients.csv"), "patient_id,prediction_time,value\n1,2020-01-15,True\n");
    writeText(dir.file("benchmark/b/labeled_patients.csv"), "patient_id,prediction_time,value\n1,2020-01-15,True\n42,2020-01-15,True\n");
    const auto message = errorOf([&] { readEhrshotLabels(dir.file("benchmark"), cohort); });
    EXPECT_NE(message.find("labeled_patients.csv:3: patient 42 is not in the cohort"), std::string::npos) << message;
    EXPECT_TRUE(cohort.tasks.empty());
    writeText(dir.file("other/c/labeled_patients.csv"), "patient_id,prediction_time,value\n1,yesterday,True\n");
    EXPECT_NE(errorOf([&] { readEhrshotLabels(dir.file("other"), cohort); }).find("'yesterday' is not a date-time"),
              std::string::npos);
    writeText(dir.file("cols/d/labeled_patients.csv"), "patient,prediction_time,value\n1,2020-01-01,True\n");
    EXPECT_NE(errorOf([&] { readEhrshotLabels(dir.file("cols"), cohort); }).find("missing column patient_id or subject_id"),
              std::string::npos);
}

}  // namespace
}  // namespace cb

namespace cb {

TEST(CohortSource, SyntheticSpecOfRoundTripsEveryKnob) {
    EXPECT_EQ(syntheticSpecOf(SyntheticConfig{}), "synthetic");
    SyntheticConfig c;
    c.patients = 321;
    c.seed = 5;
    c.copyForwardRate = 0.37;
    c.irregularity = 1.25;
    const auto spec = syntheticSpecOf(c);
    EXPECT_EQ(spec.rfind("synthetic:", 0), 0u) << spec;
    EXPECT_EQ(parseSyntheticSpec(spec).toJson(), c.toJson()) << spec;
}

}  // namespace cb
