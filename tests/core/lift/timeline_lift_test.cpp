#include "core/analysis/prepared_cohort.h"
#include "core/cohort/synthetic_generator.h"
#include "core/lift/timeline_lift.h"
#include "core/models/llama.h"

#include "tests/support/tiny_llama.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

namespace cb {
namespace {

LlamaConfig tiny(int vocab) { return test::tinyLlamaConfig(vocab, 32); }

std::shared_ptr<const PreparedCohort> cohort() {
    SyntheticConfig config;
    config.patients = 60;
    config.medianVisits = 4;
    return prepareCohort(generateSyntheticCohort(config), VocabularyConfig{});
}

std::vector<FeatureRequest> someRequests(const PreparedCohort& c) {
    std::vector<FeatureRequest> out;
    for (std::uint32_t p = 0; p < 6; ++p) {
        const auto times = c.tokens.times(p);
        if (!times.empty()) out.push_back({p, times[times.size() / 2]});
    }
    return out;
}

LiftConfig liftConfig(int epochs) {
    LiftConfig lift;
    lift.segmentLength = 32;
    lift.epochs = epochs;
    lift.loraRank = 4;
    lift.learningRate = 5e-2;
    return lift;
}

// Without training, LIFT's read of each timeline is the plain one, bit for bit; with training the
// representations move, and the model comes back exactly as it was after every patient.
TEST(TimelineLift, AdaptsEachTimelineAndRestoresTheModel) {
    const auto c = cohort();
    torch::manual_seed(3);
    LlamaForCausalLM model(tiny(static_cast<int>(c->vocabulary.size())));
    const auto requests = someRequests(*c);
    ASSERT_GE(requests.size(), 4u);
    const auto base = featurize(model, c->tokens, requests, 32, "cpu", 4096);
    const auto untrained = featurizeAfterLift(model, c->tokens, requests, 32, liftConfig(0), "cpu", 4096);
    EXPECT_EQ(untrained.values, base.values);
    const auto adapted = featurizeAfterLift(model, c->tokens, requests, 32, liftConfig(2), "cpu", 4096);
    ASSERT_EQ(adapted.rows, base.rows);
    ASSERT_EQ(adapted.cols, base.cols);
    EXPECT_NE(adapted.values, base.values);
    EXPECT_EQ(featurize(model, c->tokens, requests, 32, "cpu", 4096).values, base.values);  // restored

    auto full = liftConfig(1);
    full.loraRank = 0;  // full fine-tuning, restored from a snapshot
    full.learningRate = 1e-3;
    const auto fully = featurizeAfterLift(model, c->tokens, requests, 32, full, "cpu", 4096);
    EXPECT_NE(fully.values, base.values);
    EXPECT_EQ(featurize(model, c->tokens, requests, 32, "cpu", 4096).values, base.values);
}

TEST(TimelineLift, ComparesTheShortModelWithAndWithoutLiftAndTheLongModel) {
    const auto c = cohort();
    torch::manual_seed(4);
    LlamaForCausalLM shortModel(tiny(static_cast<int>(c->vocabulary.size())));
    auto longConfig = tiny(static_cast<int>(c->vocabulary.size()));
    longConfig.maxPositionEmbeddings = 128;
    LlamaForCausalLM longModel(longConfig);
    TimelineLiftConfig config;
    config.lift = liftConfig(1);
    config.patientsPerSplit = 8;
    config.probe.bootstrapReplicates = 20;
    std::vector<std::string> tasks;
    for (const auto& t : c->cohort.tasks) tasks.push_back(t.task);
    const auto result = runTimelineLift(*c, shortModel, c.get(), &longModel, 0, tasks, config, "cpu");
    EXPECT_EQ(result.context, 32);       // the short model's trained window
    EXPECT_EQ(result.longContext, 128);
    EXPECT_TRUE(result.hasLong);
    EXPECT_LE(result.patients[0], 8u);
    EXPECT_GT(result.examples, 0u);
    ASSERT_EQ(result.tasks.size(), tasks.size());
    const auto json = result.toJson();
    EXPECT_EQ(json["tasks"].size(), tasks.size());
    EXPECT_TRUE(json["mean"].contains("long_context"));
    EXPECT_THROW(runTimelineLift(*c, shortModel, nullptr, nullptr, 0, {"no_such_task"}, config, "cpu"), std::exception);
}

}  // namespace
}  // namespace cb
