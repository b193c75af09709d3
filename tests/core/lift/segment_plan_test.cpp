#include "core/lift/lift_config.h"
#include "core/lift/segment_plan.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cb {
namespace {

TEST(SegmentPlan, SegmentsStartEveryThreeEighthsAndTheLastOneReachesTheEnd) {
    // The reference setting: l = 2048, s = 768.
    EXPECT_EQ(defaultStride(2048), 768);
    const auto spans = planSegments(5000, 2048, 768);
    ASSERT_EQ(spans.size(), 5u);
    for (std::size_t k = 0; k < spans.size(); ++k) EXPECT_EQ(spans[k].begin, static_cast<std::int64_t>(k) * 768);
    EXPECT_EQ(spans[0].end, 2048);
    EXPECT_EQ(spans[3].end, 2304 + 2048);
    EXPECT_EQ(spans.back().end, 5000);  // 3072 + 2048 > 5000: a shorter tail, and the last one
    EXPECT_EQ(spans.back().length(), 5000 - 3072);
}

TEST(SegmentPlan, AnInputShorterThanOneSegmentIsOneSegment) {
    const auto spans = planSegments(300, 2048, 768);
    ASSERT_EQ(spans.size(), 1u);
    EXPECT_EQ(spans[0].begin, 0);
    EXPECT_EQ(spans[0].end, 300);
    EXPECT_TRUE(planSegments(0, 2048, 768).empty());
}

TEST(SegmentPlan, NeighboursOverlapByFiveEighths) {
    const auto spans = planSegments(100000, 2048, defaultStride(2048));
    for (std::size_t k = 1; k + 1 < spans.size(); ++k) EXPECT_EQ(spans[k - 1].end - spans[k].begin, 2048 - 768);
}

TEST(SegmentPlan, RejectsStridesOutsideTheSegment) {
    EXPECT_THROW(planSegments(100, 64, 0), std::invalid_argument);
    EXPECT_THROW(planSegments(100, 64, 65), std::invalid_argument);
    EXPECT_THROW(planSegments(100, 1, 1), std::invalid_argument);
}

TEST(IclTruncation, KeepsHeadEllipsisAndTailAsTheReference) {
    std::vector<std::int32_t> ids(100);
    for (int i = 0; i < 100; ++i) ids[static_cast<std::size_t>(i)] = i;
    const std::vector<std::int32_t> ellipsis{-1, -2};
    const auto out = truncateMiddle(ids, 20, ellipsis);
    // first 20/2 - 2 = 8 tokens, the ellipsis, the last 10.
    ASSERT_EQ(out.size(), 20u);
    for (int i = 0; i < 8; ++i) EXPECT_EQ(out[static_cast<std::size_t>(i)], i);
    EXPECT_EQ(out[8], -1);
    EXPECT_EQ(out[9], -2);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(out[static_cast<std::size_t>(10 + i)], 90 + i);
    EXPECT_EQ(truncateMiddle(ids, 100, ellipsis), ids);
}

TEST(LiftConfig, RoundTripsThroughJsonAndNamesBadSettings) {
    LiftConfig c;
    c.segmentLength = 512;
    c.loraRank = 0;
    c.qaEpochs = 2;
    c.promptTemplate = "{context}\n{question}";
    const auto back = LiftConfig::fromJson(c.toJson());
    EXPECT_EQ(back.segmentLength, 512);
    EXPECT_EQ(back.effectiveStride(), 192);
    EXPECT_TRUE(back.fullFineTuning());
    EXPECT_EQ(back.qaEpochs, 2);
    EXPECT_EQ(back.promptTemplate, c.promptTemplate);
    c.promptTemplate = "{context}";
    try {
        c.validate();
        FAIL() << "a template without {question} was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("prompt_template"), std::string::npos);
    }
}

// "auto" trains in bf16 on a GPU and fp32 on the CPU, and batches 4 segments on a GPU, 1 on the CPU;
// a setting asked for is kept; others are refused.
TEST(LiftConfig, AutomaticSettingsBecomeDefiniteForTheDevice) {
    LiftConfig c;
    EXPECT_EQ(c.precision, "auto");
    EXPECT_NO_THROW(c.validate());
    EXPECT_EQ(c.forDevice(true).precision, "bf16");
    EXPECT_EQ(c.forDevice(false).precision, "fp32");
    EXPECT_EQ(c.forDevice(true).segmentsPerBatch, 4);
    EXPECT_EQ(c.forDevice(false).segmentsPerBatch, 1);
    c.precision = "fp32";
    c.segmentsPerBatch = 2;
    EXPECT_EQ(c.forDevice(true).precision, "fp32");
    EXPECT_EQ(c.forDevice(false).segmentsPerBatch, 2);
    c.precision = "bf16";
    EXPECT_EQ(c.forDevice(false).precision, "bf16");
    c.precision = "fp8";
    try {
        c.validate();
        FAIL() << "precision fp8 was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("precision"), std::string::npos);
    }
}

TEST(LiftModes, ParseTheCliNamesOnceEach) {
    const auto modes = parseLiftModes("icl,lift+icl,icl,lift");
    ASSERT_EQ(modes.size(), 3u);
    EXPECT_EQ(modes[0], LiftMode::Icl);
    EXPECT_EQ(modes[1], LiftMode::LiftIcl);
    EXPECT_EQ(modes[2], LiftMode::LiftOnly);
    EXPECT_EQ(liftModeName(LiftMode::LiftIcl), "lift+icl");
    EXPECT_THROW(parseLiftModes("icl,rag"), std::invalid_argument);
    EXPECT_THROW(parseLiftModes(""), std::invalid_argument);
}

}  // namespace
}  // namespace cb
