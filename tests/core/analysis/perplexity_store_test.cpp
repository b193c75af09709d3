#include "core/analysis/perplexity_store.h"
#include "core/analysis/run_kinds.h"
#include "core/common/error.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

namespace cb {
namespace {

PositionCurve sampleCurve() {
    PositionCurve c;
    c.index = {0, 1, 5, 40};
    c.points = {120, 118, 90, 31};
    c.rawMedian = {30.0, 25.0, 20.0, 9.5};
    c.median = {30.0, 28.0, 24.0, 15.0};
    c.low = {28.0, 26.5, 22.0, 12.0};
    c.high = {31.0, 29.0, 26.0, 18.0};
    return c;
}

RunRecord bareRun(const std::string& key, const char* kind) {
    RunRecord run;
    run.key = key;
    run.kind = kind;
    run.cohortHash = "c";
    run.attention = "full";
    run.config = nlohmann::json::object();
    return run;
}

TEST(PerplexityStore, KeepsACurveExactlyAsComputed) {
    test::TempDir dir;
    ResultStore store(dir.file("r.sqlite"));
    const auto run = bareRun("ppl", kPositionPerplexityRunKind);
    const auto id = store.putCompleteRun(run, {}, {}, toCurveRows(sampleCurve()));
    const auto stored = storedPerplexities(store);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].run.id, id);
    const auto& c = stored[0].curve;
    const auto expected = sampleCurve();
    EXPECT_EQ(c.index, expected.index);
    EXPECT_EQ(c.points, expected.points);
    EXPECT_EQ(c.median, expected.median);
    EXPECT_EQ(c.low, expected.low);
    EXPECT_EQ(c.high, expected.high);
    EXPECT_EQ(c.rawMedian, expected.rawMedian);
}

TEST(PerplexityStore, NamesTheRunOfAMalformedCurve) {
    auto rows = toCurveRows(sampleCurve());
    rows.pop_back();
    try {
        curveFromRows(rows, 42);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("run 42"), std::string::npos);
    }
}

TEST(PerplexityStore, IdentityFollowsWhatChangesTheCurve) {
    PositionPerplexityConfig config;
    config.context = 1024;
    const auto base = perplexityIdentity("c", "w", config, {});
    auto batched = config;
    batched.windowsPerBatch = 64;
    batched.device = "cuda:0";
    EXPECT_EQ(perplexityIdentity("c", "w", batched, {}), base);
    auto strided = config;
    strided.stride = 64;
    EXPECT_NE(perplexityIdentity("c", "w", strided, {}), base);
    EXPECT_NE(perplexityIdentity("c", "w", config, AttentionSpec::parse("cca")), base);
    EXPECT_NE(perplexityIdentity("c", "other", config, {}), base);
}

TEST(PerplexityStore, RefusesARunOfAnotherKind) {
    test::TempDir dir;
    ResultStore store(dir.file("r.sqlite"));
    const auto run = bareRun("auroc", kContextAurocRunKind);
    const auto id = store.putCompleteRun(run, {}, {});
    EXPECT_TRUE(storedPerplexities(store).empty());
    EXPECT_THROW(storedPerplexities(store, {id}), Error);
}

}  // namespace
}  // namespace cb
