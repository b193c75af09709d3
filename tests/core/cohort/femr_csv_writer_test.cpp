#include "core/cohort/femr_csv_reader.h"
#include "core/cohort/femr_csv_writer.h"
#include "core/cohort/synthetic_generator.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

namespace cb {
namespace {

void expectSameEvents(const Cohort& a, const Cohort& b) {
    ASSERT_EQ(a.numPatients(), b.numPatients());
    ASSERT_EQ(a.numEvents(), b.numEvents());
    for (std::size_t p = 0; p < a.numPatients(); ++p) {
        ASSERT_EQ(a.subjectIds[p], b.subjectIds[p]);
        const auto x = a.patient(p), y = b.patient(p);
        ASSERT_EQ(x.size(), y.size()) << "subject " << a.subjectIds[p];
        for (std::size_t i = 0; i < x.size(); ++i) {
            ASSERT_EQ(x.time[i], y.time[i]) << "subject " << a.subjectIds[p] << " event " << i;
            ASSERT_EQ(a.codes.at(x.code[i]), b.codes.at(y.code[i]));
            if (hasValue(x.value[i]))
                ASSERT_EQ(x.value[i], y.value[i]);
            else
                ASSERT_FALSE(hasValue(y.value[i]));
            ASSERT_EQ(a.texts.at(x.text[i]), b.texts.at(y.text[i]));
        }
    }
}

TEST(FemrCsvWriter, SyntheticCohortRoundTripsThroughTheReader) {
    SyntheticConfig config;
    config.patients = 30;
    const auto cohort = generateSyntheticCohort(config);
    test::TempDir dir;
    writeFemrCsv(cohort, dir.file("cohort.csv"));
    const auto read = readFemrCsv(dir.file("cohort.csv"), {true});
    EXPECT_EQ(read.report.badRowCount, 0u);
    expectSameEvents(cohort, read.cohort);
}

TEST(FemrCsvWriter, QuotesTextsThatNeedIt) {
    Cohort cohort;
    cohort.subjectIds = {7};
    const auto code = cohort.codes.intern("NOTE/free text");
    const auto text = cohort.texts.intern("said \"no\", then\nleft");
    cohort.events.append(90 * kDayUs + 1, code, kNoValue, text);
    cohort.events.append(91 * kDayUs, code, 2.5f);
    cohort.events.endPatient();
    cohort.splits = {Split::Train};
    test::TempDir dir;
    writeFemrCsv(cohort, dir.file("c.csv"));
    expectSameEvents(cohort, readFemrCsv(dir.file("c.csv"), {true}).cohort);
}

TEST(FemrCsvWriter, StaticEventsAreAnError) {
    Cohort cohort;
    cohort.subjectIds = {7};
    cohort.events.append(kStaticTime, cohort.codes.intern("Gender/F"));
    cohort.events.endPatient();
    test::TempDir dir;
    EXPECT_THROW(writeFemrCsv(cohort, dir.file("c.csv")), Error);
    EXPECT_FALSE(std::filesystem::exists(dir.file("c.csv")));
}

}  // namespace
}  // namespace cb
