#include "core/cohort/meds_reader.h"
#include "core/cohort/meds_writer.h"
#include "core/cohort/synthetic_generator.h"
#include "core/common/error.h"
#include "core/io/parquet_reader.h"
#include "core/io/parquet_writer.h"
#include "tests/support/json_fixture.h"
#include "tests/support/error_text.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>

namespace cb {
namespace {

namespace fs = std::filesystem;

std::string codeOf(const Cohort& cohort, std::size_t patient, std::size_t event) {
    return cohort.codes.at(cohort.patient(patient).code[event]);
}

std::size_t patientOf(const Cohort& cohort, std::int64_t subject) {
    const auto it = std::find(cohort.subjectIds.begin(), cohort.subjectIds.end(), subject);
    return static_cast<std::size_t>(it - cohort.subjectIds.begin());
}

using test::errorOf;

TEST(MedsReader, ReadsTheMedsTransformsExample) {
    const Cohort cohort = readMedsDataset(test::dataPath("meds/meds-transforms-example"));
    // Counts from the sample data's README: 6 subjects, 62 events over 4 shards.
    ASSERT_EQ(cohort.numPatients(), 6u);
    EXPECT_EQ(cohort.numEvents(), 62u);
    EXPECT_EQ(cohort.subjectIds, (std::vector<std::int64_t>{68729, 239684, 754281, 814703, 1195293, 1500733}));
    EXPECT_EQ(cohort.splits[patientOf(cohort, 68729)], Split::Train);
    EXPECT_EQ(cohort.splits[patientOf(cohort, 754281)], Split::Tuning);
    EXPECT_EQ(cohort.splits[patientOf(cohort, 1500733)], Split::HeldOut);
    // codes.parquet's five codes come first, in its order; six more occur only in the data.
    ASSERT_EQ(cohort.codes.size(), 11u);
    EXPECT_EQ(cohort.codes.at(0), "EYE_COLOR//BLUE");
    EXPECT_EQ(cohort.codes.at(4), "TEMP");

    const std::size_t p = patientOf(cohort, 68729);
    const auto events = cohort.patient(p);
    ASSERT_EQ(events.size(), 7u);
    EXPECT_EQ(events.time[0], kStaticTime);
    EXPECT_EQ(codeOf(cohort, p, 0), "EYE_COLOR//HAZEL");
    EXPECT_EQ(codeOf(cohort, p, 1), "HEIGHT");
    EXPECT_FLOAT_EQ(events.value[1], 160.3953094482422f);
    EXPECT_EQ(formatTime(events.time[2]), "1978-03-09T00:00:00");
    EXPECT_EQ(codeOf(cohort, p, 2), "DOB");
    EXPECT_EQ(formatTime(events.time[3]), "2010-05-26T02:30:56");
    EXPECT_FALSE(hasValue(events.value[3]));
    EXPECT_EQ(codeOf(cohort, p, 5), "TEMP");
    EXPECT_FLOAT_EQ(events.value[5], 97.8f);
    EXPECT_EQ(cohort.texts.size(), 1u);  // no text_value column: only "no text"
    EXPECT_TRUE(cohort.tasks.empty());

    // codes.parquet's parent_codes list column is there, listed as nested, and was skipped.
    const ParquetFile codes(test::dataPath("meds/meds-transforms-example/metadata/codes.parquet"));
    const auto* parents = codes.findColumn("parent_codes.list.element");
    ASSERT_TRUE(parents);
    EXPECT_TRUE(parents->nested);
}

// meds_testing_helpers' sample with tasks, materialised by tools/make_meds_testing_helpers_fixture.py:
// the same 62 events as the MEDS_transforms example, plus a label folder of two files.
TEST(MedsReader, ReadsTheMedsTestingHelpersSampleWithItsTask) {
    const Cohort cohort = readMedsDataset(test::dataPath("meds/meds-testing-helpers"));
    ASSERT_EQ(cohort.numPatients(), 6u);
    EXPECT_EQ(cohort.numEvents(), 62u);
    EXPECT_EQ(cohort.patientsIn(Split::Train).size(), 4u);
    EXPECT_EQ(cohort.patientsIn(Split::HeldOut).size(), 1u);
    const auto* task = cohort.findTask("boolean_value_task");
    ASSERT_NE(task, nullptr);
    EXPECT_EQ(task->labels.size(), 21u);  // labels_A (10) then labels_B (11)
    int positives = 0;
    for (const auto& l : task->labels) positives += l.value;
    EXPECT_EQ(positives, 12);
    EXPECT_EQ(cohort.subjectIds[task->labels.front().patient], 239684);
    EXPECT_EQ(formatTime(task->labels.front().predictionTime), "2010-05-11T18:00:00");
    // Static rows (eye colour, height) come first with no time; HEIGHT keeps its float32 value.
    const auto first = cohort.patient(0);
    EXPECT_EQ(first.time[0], kStaticTime);
    const auto meds = readMedsDataset(test::dataPath("meds/meds-transforms-example"));
    EXPECT_EQ(cohort.numEvents(), meds.numEvents());
}

TEST(MedsReader, ReadsTheFemrSyntheticDatasetAndItsLabels) {
    Cohort cohort = readMedsDataset(test::dataPath("meds/femr-synthetic"));
    // README: 200 subjects, 2,589 events, 1,883 codes; no splits file, so everyone is in train.
    ASSERT_EQ(cohort.numPatients(), 200u);
    EXPECT_EQ(cohort.numEvents(), 2589u);
    EXPECT_EQ(cohort.codes.size(), 1883u);
    EXPECT_EQ(cohort.patientsIn(Split::Train).size(), 200u);
    EXPECT_EQ(cohort.subjectIds.front(), 0);
    EXPECT_EQ(cohort.subjectIds.back(), 199);
    EXPECT_EQ(codeOf(cohort, 0, 0), "MEDS_BIRTH");
    EXPECT_EQ(formatTime(cohort.patient(0).time[0]), "1992-01-25T00:00:00");

    const auto& task = readMedsLabels(test::dataPath("meds/femr-synthetic/labels.parquet"), cohort, "femr_demo");
    ASSERT_EQ(task.labels.size(), 200u);
    EXPECT_EQ(cohort.findTask("femr_demo"), &task);
    const auto positives = std::count_if(task.labels.begin(), task.labels.end(), [](const Label& l) { return l.value == 1; });
    EXPECT_EQ(positives, 102);
    EXPECT_EQ(task.labels[0].patient, 0u);
    EXPECT_EQ(task.labels[0].value, 0);
    EXPECT_EQ(formatTime(task.labels[0].predictionTime), "1993-01-31T00:00:00");
    EXPECT_EQ(task.labels[1].value, 1);
    // A task name may be added once.
    EXPECT_THROW(readMedsLabels(test::dataPath("meds/femr-synthetic/labels.parquet"), cohort, "femr_demo"), Error);
}

TEST(MedsReader, ReadsTextValuesStaticRowsAndATaskFolderWrittenByPyarrow) {
    const auto expected = test::loadJson("parquet/meds-tiny_expected.json");
    const Cohort cohort = readMedsDataset(test::dataPath("parquet/meds-tiny"));
    EXPECT_EQ(cohort.name, "meds-tiny");
    ASSERT_EQ(cohort.subjectIds, expected["subjects"].get<std::vector<std::int64_t>>());
    const auto codesFirst = expected["codes_from_metadata"].get<std::vector<std::string>>();
    for (std::size_t c = 0; c < codesFirst.size(); ++c) EXPECT_EQ(cohort.codes.at(static_cast<std::uint32_t>(c)), codesFirst[c]);
    for (std::size_t p = 0; p < cohort.numPatients(); ++p) {
        EXPECT_EQ(toString(cohort.splits[p]), expected["splits"][p].get<std::string>());
        const auto& rows = expected["events"][std::to_string(cohort.subjectIds[p])];
        const auto events = cohort.patient(p);
        ASSERT_EQ(events.size(), rows.size());
        for (std::size_t e = 0; e < rows.size(); ++e) {
            SCOPED_TRACE("subject " + std::to_string(cohort.subjectIds[p]) + " event " + std::to_string(e));
            EXPECT_EQ(events.time[e], rows[e][0].is_null() ? kStaticTime : rows[e][0].get<TimeUs>());
            EXPECT_EQ(codeOf(cohort, p, e), rows[e][1].get<std::string>());
            if (rows[e][2].is_null()) EXPECT_FALSE(hasValue(events.value[e]));
            else EXPECT_EQ(events.value[e], rows[e][2].get<float>());
            EXPECT_EQ(cohort.texts.at(events.text[e]), rows[e][3].is_null() ? "" : rows[e][3].get<std::string>());
        }
    }
    ASSERT_EQ(cohort.tasks.size(), 1u);
    EXPECT_EQ(cohort.tasks[0].task, expected["task"].get<std::string>());
    const auto& labels = expected["labels"];
    ASSERT_EQ(cohort.tasks[0].labels.size(), labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        EXPECT_EQ(cohort.tasks[0].labels[i].patient, labels[i][0].get<std::uint32_t>());
        EXPECT_EQ(cohort.tasks[0].labels[i].predictionTime, labels[i][1].get<TimeUs>());
        EXPECT_EQ(cohort.tasks[0].labels[i].value, labels[i][2].get<std::int32_t>());
    }
}

TEST(MedsReader, ReportsProgressAndHonoursCancel) {
    std::vector<double> fractions;
    CancelToken token;
    const JobContext job([&](const ProgressUpdate& u) { fractions.push_back(u.fraction); }, token);
    readMedsDataset(test::dataPath("meds/meds-transforms-example"), job);
    ASSERT_FALSE(fractions.empty());
    EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
    EXPECT_EQ(fractions.back(), 1.0);
    token.cancel();
    EXPECT_THROW(readMedsDataset(test::dataPath("meds/meds-transforms-example"), job), Cancelled);
}

TEST(MedsWriter, SyntheticCohortSurvivesTheRoundTripWithItsContentHash) {
    SyntheticConfig config;
    config.patients = 200;
    const Cohort original = generateSyntheticCohort(config);
    ASSERT_FALSE(original.tasks.empty());
    for (const auto codec : {Codec::Zstd, Codec::Snappy}) {
        test::TempDir dir;
        // Small row groups so shards span several of them.
        writeMedsDataset(original, dir.file("meds"), codec, 5000);
        for (const char* split : {"train", "tuning", "held_out"})
            EXPECT_TRUE(fs::exists(dir.path() / "meds" / "data" / split / "0.parquet")) << split;
        const ParquetFile shard(dir.file("meds/data/train/0.parquet"));
        EXPECT_GT(shard.numRowGroups(), 1u);
        const Cohort read = readMedsDataset(dir.file("meds"));
        EXPECT_EQ(read.numPatients(), original.numPatients());
        EXPECT_EQ(read.numEvents(), original.numEvents());
        EXPECT_EQ(read.tasks.size(), original.tasks.size());
        EXPECT_EQ(read.contentHash(), original.contentHash()) << toString(codec);
        EXPECT_EQ(read.name, original.name);
    }
}

TEST(MedsWriter, ReadCohortsSurviveTheRoundTripToo) {
    for (const char* source : {"parquet/meds-tiny", "meds/meds-transforms-example"}) {
        const Cohort original = readMedsDataset(test::dataPath(source));
        test::TempDir dir;
        writeMedsDataset(original, dir.file("copy"), Codec::Gzip);
        EXPECT_EQ(readMedsDataset(dir.file("copy")).contentHash(), original.contentHash()) << source;
    }
    test::TempDir dir;
    std::ofstream(dir.file("occupied")) << "x";
    EXPECT_THROW(writeMedsDataset(Cohort{}, dir.str()), Error);
}

// ---- malformed datasets, written with our own writer ----------------------------------------------

struct Row {
    std::int64_t subject;
    std::optional<TimeUs> time;
    std::string code;
};

void writeShard(const std::string& path, const std::vector<Row>& rows, bool withCode = true) {
    fs::create_directories(fs::path(path).parent_path());
    std::vector<ParquetColumnSpec> specs{{"subject_id", ParquetKind::Int64}, {"time", ParquetKind::TimestampMicros, true}};
    if (withCode) specs.push_back({"code", ParquetKind::String, false, true});
    ParquetWriter writer(path, specs);
    std::vector<ParquetColumnData> columns(specs.size());
    for (const auto& row : rows) {
        columns[0].ints.push_back(row.subject);
        columns[1].ints.push_back(row.time.value_or(0));
        columns[1].valid.push_back(row.time.has_value());
        if (!withCode) continue;
        columns[2].stringIds.push_back(static_cast<std::uint32_t>(columns[2].strings.size()));
        columns[2].strings.push_back(row.code);
    }
    writer.writeRowGroup(columns);
    writer.finish();
}

void writeSplits(const std::string& folder, const std::vector<std::int64_t>& subjects) {
    fs::create_directories(fs::path(folder) / "metadata");
    ParquetWriter writer(folder + "/metadata/subject_splits.parquet",
                         {{"subject_id", ParquetKind::Int64}, {"split", ParquetKind::String}});
    std::vector<ParquetColumnData> columns(2);
    columns[1].strings = {"train"};
    for (const auto s : subjects) {
        columns[0].ints.push_back(s);
        columns[1].stringIds.push_back(0);
    }
    writer.writeRowGroup(columns);
    writer.finish();
}

TEST(MedsReader, MalformedDatasetsGiveErrorsNamingFileRowAndSubject) {
    test::TempDir dir;
    const std::string unsorted = dir.file("unsorted");
    writeShard(unsorted + "/data/0.parquet", {{1, std::nullopt, "A"}, {1, 2000, "B"}, {1, 1000, "C"}});
    auto message = errorOf([&] { readMedsDataset(unsorted); });
    EXPECT_NE(message.find("0.parquet: row 2"), std::string::npos) << message;
    EXPECT_NE(message.find("subject 1"), std::string::npos) << message;
    EXPECT_NE(message.find("sorted by time"), std::string::npos) << message;

    // Codes must be UTF-8: they end up in JSON and on screen.
    const std::string latin1 = dir.file("latin1");
    writeShard(latin1 + "/data/0.parquet", {{1, 5, "A"}, {1, 6, std::string("caf\xE9")}});
    message = errorOf([&] { readMedsDataset(latin1); });
    EXPECT_NE(message.find("0.parquet: row group 0, column 'code': a value is not valid UTF-8"), std::string::npos) << message;

        // A static (null-time) row after a timed one is out of order too.
    const std::string staticLate = dir.file("static_late");
    writeShard(staticLate + "/data/0.parquet", {{1, 5, "A"}, {1, std::nullopt, "B"}});
    EXPECT_NE(errorOf([&] { readMedsDataset(staticLate); }).find("sorted by time"), std::string::npos);

    const std::string split = dir.file("split_subject");
    writeShard(split + "/data/a.parquet", {{1, 1, "A"}, {2, 1, "A"}});
    writeShard(split + "/data/b.parquet", {{3, 1, "A"}, {2, 5, "B"}});
    message = errorOf([&] { readMedsDataset(split); });
    EXPECT_NE(message.find("b.parquet: row 1"), std::string::npos) << message;
    EXPECT_NE(message.find("a.parquet"), std::string::npos) << message;
    EXPECT_NE(message.find("one shard"), std::string::npos) << message;

    const std::string scattered = dir.file("scattered");
    writeShard(scattered + "/data/0.parquet", {{1, 1, "A"}, {2, 1, "A"}, {1, 2, "B"}});
    EXPECT_NE(errorOf([&] { readMedsDataset(scattered); }).find("reappears"), std::string::npos);

    const std::string noSplit = dir.file("no_split");
    writeShard(noSplit + "/data/0.parquet", {{1, 1, "A"}, {42, 1, "A"}, {77, 1, "A"}});
    writeSplits(noSplit, {1});
    message = errorOf([&] { readMedsDataset(noSplit); });
    EXPECT_NE(message.find("subject_splits.parquet"), std::string::npos) << message;
    EXPECT_NE(message.find("2 subject(s)"), std::string::npos) << message;
    EXPECT_NE(message.find("42, 77"), std::string::npos) << message;

    const std::string noCode = dir.file("no_code");
    writeShard(noCode + "/data/0.parquet", {{1, 1, ""}}, false);
    message = errorOf([&] { readMedsDataset(noCode); });
    EXPECT_NE(message.find("'code'"), std::string::npos) << message;

    EXPECT_NE(errorOf([&] { readMedsDataset(dir.file("absent")); }).find("not a folder"), std::string::npos);
}

TEST(MedsReader, LabelsForUnknownSubjectsAreRefused) {
    Cohort cohort = readMedsDataset(test::dataPath("parquet/meds-tiny"));
    test::TempDir dir;
    ParquetWriter writer(dir.file("labels.parquet"), {{"subject_id", ParquetKind::Int64},
                                                      {"prediction_time", ParquetKind::TimestampMicros},
                                                      {"integer_value", ParquetKind::Int64, true}});
    std::vector<ParquetColumnData> columns(3);
    columns[0].ints = {3, 999};
    columns[1].ints = {10, 20};
    columns[2].ints = {2, 3};
    writer.writeRowGroup(columns);
    writer.finish();
    const auto message = errorOf([&] { readMedsLabels(dir.file("labels.parquet"), cohort, "severity"); });
    EXPECT_NE(message.find("labels.parquet: row 1"), std::string::npos) << message;
    EXPECT_NE(message.find("subject 999"), std::string::npos) << message;
    EXPECT_EQ(cohort.findTask("severity"), nullptr);
}

}  // namespace
}  // namespace cb
