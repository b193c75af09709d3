#include "core/cohort/ehr_properties.h"
#include "core/cohort/synthetic_catalog.h"
#include "core/cohort/synthetic_generator.h"
#include "core/cohort/task_catalog.h"
#include "core/eval/metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace cb {
namespace {

SyntheticConfig small(int patients = 400) {
    SyntheticConfig c;
    c.patients = patients;
    return c;
}

// Mean of a per-patient EHR property at each patient's last index admission. `fromFirstVisit` drops
// the demographic events dated at birth, whose decades-long gap to the first visit would otherwise
// swamp any statistic of visit gaps.
template <typename F>
double meanProperty(const Cohort& cohort, F property, bool fromFirstVisit = false) {
    const auto* task = cohort.findTask("guo_los");
    double sum = 0.0;
    int n = 0;
    std::vector<TimeUs> lastCutoff(cohort.numPatients(), kStaticTime);
    for (const auto& l : task->labels) lastCutoff[l.patient] = std::max(lastCutoff[l.patient], l.predictionTime);
    for (std::size_t p = 0; p < cohort.numPatients(); ++p) {
        if (lastCutoff[p] == kStaticTime) continue;
        auto events = cohort.patient(p);
        if (fromFirstVisit) {
            std::size_t skip = 0;
            while (skip < events.size() && events.time[skip] == events.time[0]) ++skip;
            events = {events.time.subspan(skip), events.code.subspan(skip), events.value.subspan(skip),
                      events.text.subspan(skip)};
        }
        const double value = property(computeEhrProperties(events, lastCutoff[p]));
        if (std::isnan(value)) continue;  // a statistic the prefix is too short to define
        sum += value;
        ++n;
    }
    return sum / n;
}

// Events per visit in the second half of each timeline over the first half.
double laterVisitDensity(const Cohort& cohort) {
    const auto visitCodes = {*cohort.codes.find("Visit/OP"), *cohort.codes.find("Visit/IP"), *cohort.codes.find("Visit/ER")};
    double first = 0, second = 0, firstVisits = 0, secondVisits = 0;
    for (std::size_t p = 0; p < cohort.numPatients(); ++p) {
        const auto e = cohort.patient(p);
        std::vector<std::size_t> starts;
        for (std::size_t i = 0; i < e.size(); ++i)
            if (std::find(visitCodes.begin(), visitCodes.end(), e.code[i]) != visitCodes.end()) starts.push_back(i);
        if (starts.size() < 4) continue;
        const std::size_t half = starts.size() / 2;
        first += static_cast<double>(starts[half] - starts[0]);
        second += static_cast<double>(e.size() - starts[half]);
        firstVisits += static_cast<double>(half);
        secondVisits += static_cast<double>(starts.size() - half);
    }
    return (second / secondVisits) / (first / firstVisits);
}

}  // namespace

TEST(SyntheticGenerator, IsDeterministicForASeed) {
    const auto a = generateSyntheticCohort(small(120));
    const auto b = generateSyntheticCohort(small(120));
    auto other = small(120);
    other.seed = 43;
    EXPECT_EQ(a.contentHash(), b.contentHash());
    EXPECT_NE(a.contentHash(), generateSyntheticCohort(other).contentHash());
}

TEST(SyntheticGenerator, DefaultCohortHasTheAdvertisedShape) {
    const auto cohort = generateSyntheticCohort(SyntheticConfig{});
    ASSERT_EQ(cohort.numPatients(), 2000u);
    EXPECT_EQ(cohort.patientsIn(Split::Train).size(), 1400u);
    EXPECT_EQ(cohort.patientsIn(Split::Tuning).size(), 300u);
    EXPECT_EQ(cohort.patientsIn(Split::HeldOut).size(), 300u);
    std::size_t shortest = SIZE_MAX, longest = 0;
    for (std::size_t p = 0; p < cohort.numPatients(); ++p) {
        shortest = std::min(shortest, cohort.events.patientSize(p));
        longest = std::max(longest, cohort.events.patientSize(p));
    }
    // "timelines from about 50 to about 20,000 tokens"
    EXPECT_GE(shortest, 30u);
    EXPECT_LE(shortest, 120u);
    EXPECT_GE(longest, 10000u);
    EXPECT_LE(longest, 30000u);
    EXPECT_LE(sizeof(TimeUs) + sizeof(std::uint32_t) + sizeof(float) + sizeof(std::uint32_t), 24u);

    ASSERT_EQ(cohort.tasks.size(), 14u);
    for (const auto& task : cohort.tasks) {
        ASSERT_TRUE(findTask(task.task)) << task.task;
        int positives = 0;
        for (const auto& l : task.labels) positives += isPositive(l.value);
        const double rate = static_cast<double>(positives) / task.labels.size();
        EXPECT_GT(task.labels.size(), 2500u) << task.task;
        EXPECT_GT(rate, 0.03) << task.task;
        EXPECT_LT(rate, 0.40) << task.task;
    }
}

TEST(SyntheticGenerator, CopyForwardKnobRaisesRepetition) {
    auto low = small(), high = small();
    low.copyForwardRate = 0.05;
    high.copyForwardRate = 0.6;
    const auto rr1 = [](const EhrProperties& p) { return p.repetition[0]; };
    const auto rr3 = [](const EhrProperties& p) { return p.repetition[2]; };
    const auto a = generateSyntheticCohort(low), b = generateSyntheticCohort(high);
    EXPECT_GT(meanProperty(b, rr1), meanProperty(a, rr1) + 0.02);
    EXPECT_GT(meanProperty(b, rr3), meanProperty(a, rr3) + 0.05);
}

TEST(SyntheticGenerator, IrregularityKnobWidensGaps) {
    auto calm = small(), wild = small();
    calm.irregularity = 0.2;
    wild.irregularity = 1.8;
    const auto logGapStd = [](const EhrProperties& p) { return std::log1p(p.gapStd); };
    EXPECT_GT(meanProperty(generateSyntheticCohort(wild), logGapStd, true),
              meanProperty(generateSyntheticCohort(calm), logGapStd, true) + 0.2);
}

TEST(SyntheticGenerator, ProgressionKnobFillsLaterVisits) {
    auto flat = small(), steep = small();
    flat.progression = 0.0;
    steep.progression = 2.0;
    const double flatRatio = laterVisitDensity(generateSyntheticCohort(flat));
    const double steepRatio = laterVisitDensity(generateSyntheticCohort(steep));
    EXPECT_NEAR(flatRatio, 1.0, 0.15);
    EXPECT_GT(steepRatio, flatRatio + 0.4);
}

// The generator's promise behind the demo figure: for the early-marker tasks the evidence sits in an
// episode near the start of long timelines, so a predictor that counts the condition's codes in the
// last 512 events loses much of what one counting over the whole history has.
TEST(SyntheticGenerator, EarlyMarkerTasksNeedLongHistories) {
    const auto cohort = generateSyntheticCohort(SyntheticConfig{});
    for (const auto& condition : syntheticConditions()) {
        if (!condition.earlyMarker) continue;
        std::vector<std::uint32_t> codes;
        for (const char* c : condition.markers) codes.push_back(*cohort.codes.find(c));
        for (const char* c : condition.signs) codes.push_back(*cohort.codes.find(c));
        const auto* task = cohort.findTask(condition.task);
        std::vector<std::uint8_t> labels;
        std::vector<double> anywhere, recent;
        for (const auto& l : task->labels) {
            const auto e = cohort.patient(l.patient);
            const std::size_t visible = e.countAtOrBefore(l.predictionTime);
            double all = 0, last512 = 0;
            for (std::size_t i = 0; i < visible; ++i) {
                if (std::find(codes.begin(), codes.end(), e.code[i]) == codes.end()) continue;
                all += 1;
                if (i + 512 >= visible) last512 += 1;
            }
            labels.push_back(isPositive(l.value));
            anywhere.push_back(all);
            recent.push_back(last512);
        }
        const double full = auroc(labels, anywhere), last512 = auroc(labels, recent);
        EXPECT_GT(full, 0.9) << condition.task;
        EXPECT_LT(last512, full - 0.08) << condition.task;
    }
}

TEST(EhrProperties, RepetitionAndGapsFollowTheReferenceDefinitions) {
    EventStore store;
    // codes A B A B C at t = 0, 0, 10, 30, 30 seconds
    const std::vector<std::uint32_t> codes{0, 1, 0, 1, 2};
    const std::vector<TimeUs> times{0, 0, 10 * kSecondUs, 30 * kSecondUs, 30 * kSecondUs};
    for (std::size_t i = 0; i < codes.size(); ++i) store.append(times[i], codes[i]);
    store.endPatient();
    const auto p = computeEhrProperties(store.patient(0), 30 * kSecondUs);
    EXPECT_DOUBLE_EQ(p.repetition[0], 2.0 / 3.0);  // A, B repeat; C does not
    EXPECT_DOUBLE_EQ(p.repetition[1], 1.0 / 3.0);  // AB repeats; BA, BC do not
    EXPECT_DOUBLE_EQ(p.repetition[2], 0.0);
    EXPECT_DOUBLE_EQ(p.repetitionGeoMean, 0.0);
    // gaps 0, 10, 20, 0: mean 7.5, sample std sqrt(275/3)
    EXPECT_DOUBLE_EQ(p.gapMean, 7.5);
    EXPECT_NEAR(p.gapStd, std::sqrt(275.0 / 3.0), 1e-12);
    EXPECT_DOUBLE_EQ(p.gapIqr, 12.5);  // numpy: percentile([0, 0, 10, 20], 75) - percentile(..., 25)
    EXPECT_EQ(p.events, 5u);
    EXPECT_EQ(computeEhrProperties(store.patient(0), 5 * kSecondUs).events, 2u);
}

}  // namespace cb
