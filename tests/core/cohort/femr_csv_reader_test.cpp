#include "core/cohort/femr_csv_reader.h"
#include "core/cohort/meds_reader.h"
#include "core/cohort/meds_writer.h"
#include "core/common/error.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace cb {
namespace {

using Fields = std::vector<std::string>;

std::vector<Fields> parseAll(const std::string& text, std::vector<std::string>* errors = nullptr,
                             std::vector<std::size_t>* lines = nullptr) {
    std::istringstream in(text);
    CsvRecordReader reader(in);
    std::vector<Fields> records;
    Fields fields;
    std::size_t line = 0;
    std::string error;
    while (reader.next(fields, line, error)) {
        records.push_back(fields);
        if (errors) errors->push_back(error);
        if (lines) lines->push_back(line);
    }
    return records;
}

TEST(FemrCsvReader, CsvRecordsFollowRfc4180) {
    std::vector<std::string> errors;
    std::vector<std::size_t> lines;
    const auto records = parseAll("a,b,c\r\n\"x, y\",,\"he said \"\"hi\"\"\"\n\"two\nlines\",z,\n1,2\"3,4", &errors, &lines);
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0], (Fields{"a", "b", "c"}));
    EXPECT_EQ(records[1], (Fields{"x, y", "", "he said \"hi\""}));
    EXPECT_EQ(records[2], (Fields{"two\nlines", "z", ""}));
    EXPECT_EQ(records[3], (Fields{"1", "2\"3", "4"}));  // a quote inside an unquoted field is literal
    EXPECT_EQ(lines, (std::vector<std::size_t>{1, 2, 3, 5}));
    for (const auto& e : errors) EXPECT_EQ(e, "");

    errors.clear();
    const auto bad = parseAll("\"ok\"x,1\n\"never closed,2\n3,4\n", &errors);
    ASSERT_EQ(bad.size(), 2u);  // the open quote swallows the rest of the input
    EXPECT_NE(errors[0].find("after the closing quote"), std::string::npos);
    EXPECT_NE(errors[1].find("unterminated"), std::string::npos);
    EXPECT_TRUE(parseAll("").empty());

    // Records longer than the reader's internal buffer arrive whole.
    const std::string longField(200000, 'q');
    const auto big = parseAll("\"" + longField + "\",end\n");
    ASSERT_EQ(big.size(), 1u);
    EXPECT_EQ(big[0][0], longField);
    EXPECT_EQ(big[0][1], "end");
}

TEST(FemrCsvReader, ReadsTheFemrSimpleCsvExamples) {
    const auto result = readFemrCsv(test::dataPath("femr-csv"));
    const Cohort& cohort = result.cohort;
    EXPECT_EQ(result.report.files, 3u);
    EXPECT_EQ(result.report.rows, 11u + 2611u + 2502u);
    EXPECT_EQ(result.report.badRowCount, 0u) << (result.report.badRows.empty() ? "" : result.report.badRows[0].reason);
    ASSERT_EQ(cohort.numPatients(), 201u);  // patient 3 of example.csv, 100..199 and 200..299
    EXPECT_EQ(cohort.numEvents(), 5124u);
    EXPECT_EQ(cohort.subjectIds.front(), 3);
    EXPECT_EQ(cohort.subjectIds[1], 100);
    EXPECT_EQ(cohort.subjectIds.back(), 299);
    EXPECT_TRUE(std::is_sorted(cohort.subjectIds.begin(), cohort.subjectIds.end()));
    EXPECT_EQ(cohort.patientsIn(Split::Train).size(), 201u);

    // example.csv lists its rows out of time order; the reader sorts them.
    const auto p3 = cohort.patient(0);
    ASSERT_EQ(p3.size(), 11u);
    EXPECT_TRUE(std::is_sorted(p3.time.begin(), p3.time.end()));
    EXPECT_EQ(cohort.codes.at(p3.code[0]), "Birth/Birth");
    EXPECT_EQ(formatTime(p3.time[0]), "1970-01-07T00:00:00");
    bool sawPressure = false;
    bool sawNote = false;
    for (std::size_t e = 0; e < p3.size(); ++e) {
        const auto& code = cohort.codes.at(p3.code[e]);
        if (code == "Vitals/Blood Pressure") {
            sawPressure = true;
            EXPECT_EQ(p3.value[e], 160.0f);
            EXPECT_EQ(formatTime(p3.time[e]), "2020-07-09T00:00:00");
        }
        if (code == "Race/Race") EXPECT_EQ(cohort.texts.at(p3.text[e]), "White");
        // The multi-line quoted note with doubled quotes, in one piece.
        if (code == "Note/ProgressNote" && formatTime(p3.time[e]) == "2022-06-06T00:00:00") {
            sawNote = true;
            EXPECT_EQ(cohort.texts.at(p3.text[e]), "Complicated notes generally need escaping , \"\n example");
        }
    }
    EXPECT_TRUE(sawPressure);
    EXPECT_TRUE(sawNote);
}

class FemrCsvBadRows : public ::testing::Test {
protected:
    void SetUp() override {
        std::ofstream out(dir.file("bad.csv"), std::ios::binary);
        out << "patient_id,start,code,value,unit\n"        // 1
               "1,2020-01-01,A,1.5,mg\n"                   // 2 good
               "x,2020-01-01,A,,\n"                        // 3 patient id
               "1,2020-13-01,A,,\n"                        // 4 month 13
               "1,\"2020-01-02 10:00:00\",B,\"multi\n"     // 5-6 good, two lines
               "line, \"\"quoted\"\"\",\n"                 //
               "1,2020-01-03,,,\n"                         // 7 empty code
               "1,2020-01-03,C,1,2,3\n"                    // 8 too many fields
               "\n"                                        // 9 blank, skipped
               "2,2020-01-04T05:06:07.5,D,abc\n"           // 10 good, short row
               "2,2020-01-05,E\n"                          // 11 too short
               "2,2020-01-05,\xC3\x28,\n"                   // 12 code not UTF-8
               "2,2020-01-05,F,\"never closed\n";          // 13 unterminated quote
    }
    test::TempDir dir;
};

TEST_F(FemrCsvBadRows, AreCountedWithTheirLineNumbers) {
    const auto result = readFemrCsv(dir.file("bad.csv"));
    EXPECT_EQ(result.report.rows, 10u);  // three good, seven bad; the blank line is no row
    EXPECT_EQ(result.report.badRowCount, 7u);
    std::vector<std::size_t> lines;
    for (const auto& row : result.report.badRows) {
        lines.push_back(row.line);
        EXPECT_EQ(row.file, dir.file("bad.csv"));
    }
    EXPECT_EQ(lines, (std::vector<std::size_t>{3, 4, 7, 8, 11, 12, 13}));
    ASSERT_EQ(result.report.badRows.size(), 7u);
    EXPECT_NE(result.report.badRows[1].reason.find("2020-13-01"), std::string::npos);
    EXPECT_NE(result.report.badRows[3].reason.find("6 fields"), std::string::npos);
    EXPECT_NE(result.report.badRows[5].reason.find("not valid UTF-8"), std::string::npos);
    EXPECT_NE(result.report.badRows[6].reason.find("unterminated"), std::string::npos);
    FemrCsvOptions capped;
    capped.maxReportedRows = 2;
    const auto fewer = readFemrCsv(dir.file("bad.csv"), capped);
    EXPECT_EQ(fewer.report.badRowCount, 7u);
    EXPECT_EQ(fewer.report.badRows.size(), 2u);
    const Cohort& cohort = result.cohort;
    ASSERT_EQ(cohort.numPatients(), 2u);
    EXPECT_EQ(cohort.subjectIds, (std::vector<std::int64_t>{1, 2}));
    const auto p1 = cohort.patient(0);
    ASSERT_EQ(p1.size(), 2u);
    EXPECT_EQ(p1.value[0], 1.5f);
    EXPECT_EQ(cohort.texts.at(p1.text[1]), "multi\nline, \"quoted\"");
    EXPECT_EQ(formatTime(p1.time[1]), "2020-01-02T10:00:00");
    const auto p2 = cohort.patient(1);
    ASSERT_EQ(p2.size(), 1u);
    EXPECT_EQ(p2.time[0] % kSecondUs, 500000);
    EXPECT_EQ(cohort.texts.at(p2.text[0]), "abc");
}

TEST_F(FemrCsvBadRows, AreFatalInStrictMode) {
    FemrCsvOptions strict;
    strict.strict = true;
    try {
        readFemrCsv(dir.file("bad.csv"), strict);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("bad.csv: line 3"), std::string::npos) << message;
        EXPECT_NE(message.find("patient_id 'x'"), std::string::npos) << message;
    }
}

TEST(FemrCsvReader, AHeaderWithoutARequiredColumnIsFatal) {
    test::TempDir dir;
    std::ofstream(dir.file("nocode.csv")) << "patient_id,start,value\n1,2020-01-01,3\n";
    try {
        readFemrCsv(dir.file("nocode.csv"));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("nocode.csv"), std::string::npos) << message;
        EXPECT_NE(message.find("'code'"), std::string::npos) << message;
    }
    std::ofstream(dir.file("empty.csv")) << "";
    EXPECT_THROW(readFemrCsv(dir.file("empty.csv")), Error);
    EXPECT_THROW(readFemrCsv(dir.file("absent.csv")), Error);
}

TEST(FemrCsvReader, ACsvCohortSurvivesAMedsRoundTrip) {
    const Cohort original = readFemrCsv(test::dataPath("femr-csv")).cohort;
    test::TempDir dir;
    writeMedsDataset(original, dir.file("meds"), Codec::Snappy);
    const Cohort read = readMedsDataset(dir.file("meds"));
    EXPECT_EQ(read.numEvents(), original.numEvents());
    EXPECT_EQ(read.texts.size(), original.texts.size());
    EXPECT_EQ(read.contentHash(), original.contentHash());
}

}  // namespace
}  // namespace cb
