#include "core/lift/adapted_weights.h"
#include "core/lift/answer_scoring.h"
#include "core/lift/lift_trainer.h"
#include "core/lift/lora.h"
#include "core/lift/weight_snapshot.h"
#include "core/models/checkpoint.h"
#include "core/models/gpt2.h"
#include "core/models/llama.h"

#include "tests/support/test_paths.h"

#include <gtest/gtest.h>
#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>

namespace cb {
namespace {

LlamaConfig tinyLlama() {
    LlamaConfig config;
    config.vocabSize = 40;
    config.hiddenSize = 32;
    config.intermediateSize = 64;
    config.numLayers = 2;
    config.numHeads = 4;
    config.numKvHeads = 2;
    config.headDim = 8;
    return config;
}

// A repetitive input a tiny model can learn in a few steps.
std::vector<std::int32_t> periodicIds(int n) {
    std::vector<std::int32_t> ids;
    for (int i = 0; i < n; ++i) ids.push_back(static_cast<std::int32_t>((i * 7) % 13 + 3));
    return ids;
}

at::Tensor logitsOf(LlamaForCausalLM& model, const std::vector<std::int32_t>& ids) {
    torch::NoGradGuard noGrad;
    model.eval();
    auto input = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end())).unsqueeze(0);
    return model.logits(model.hidden(input));
}

LiftConfig quickConfig() {
    LiftConfig c;
    c.segmentLength = 32;
    c.epochs = 6;
    c.stepsPerEpoch = 3;
    c.learningRate = 1e-2;
    return c;
}

TEST(Lora, StartsAtTheBaseModelAndLeavesItBitIdentical) {
    torch::manual_seed(1);
    LlamaForCausalLM model(tinyLlama());
    const auto ids = periodicIds(96);
    const auto before = logitsOf(model, ids);
    at::Tensor adaptedLogits;
    AdaptedWeights merged;
    {
        LoraAttachment lora(model, 4, 8.0, 3);
        EXPECT_EQ(lora.adaptedLayers(), 8u);  // q/k/v/o of two layers
        EXPECT_TRUE(torch::equal(logitsOf(model, ids), before)) << "B = 0 must leave the output exactly unchanged";
        for (const auto& p : model.parameters()) EXPECT_FALSE(p.requires_grad());

        auto config = quickConfig();
        config.epochs = 12;
        config.learningRate = 3e-2;
        const auto result = trainOnInput(model, ids, {}, lora.parameters(), config, torch::kCPU);
        ASSERT_EQ(result.epochs.size(), 12u);
        EXPECT_EQ(result.optimizerSteps, 36);
        EXPECT_LT(result.epochs.back().segmentLoss, result.epochs.front().segmentLoss - 0.3);
        EXPECT_FALSE(torch::equal(logitsOf(model, ids), before));

        adaptedLogits = logitsOf(model, ids);
        merged = AdaptedWeights::fromLora(lora, 4);
    }
    EXPECT_TRUE(torch::equal(logitsOf(model, ids), before));
    for (const auto& p : model.parameters()) EXPECT_TRUE(p.requires_grad());

    // The merged checkpoint computes what the adapters computed; the model in memory stays the base.
    EXPECT_EQ(merged.replaced.size(), 8u);
    EXPECT_EQ(merged.replaced.count("model.layers.1.self_attn.o_proj.weight"), 1u);
    test::TempDir dir;
    saveAdaptedModel(model, merged, "{}", dir.file("adapted"));
    EXPECT_TRUE(torch::equal(logitsOf(model, ids), before));
    EXPECT_TRUE(std::filesystem::exists(dir.file("adapted/tokenizer.json")));
    auto reloaded = loadCheckpoint(dir.file("adapted"), torch::kCPU);
    auto& llama = dynamic_cast<LlamaForCausalLM&>(*reloaded);
    EXPECT_TRUE(torch::allclose(logitsOf(llama, ids), adaptedLogits, 1e-4, 1e-5));
}

TEST(Lora, LearnsUnderBf16AutocastToo) {
    // Autocast keeps bf16 copies of the weights; a trainer that never drops them trains on the
    // first step's weights forever and its loss stands still.
    torch::manual_seed(5);
    LlamaForCausalLM model(tinyLlama());
    const auto ids = periodicIds(96);
    LoraAttachment lora(model, 4, 8.0, 3);
    auto config = quickConfig();
    config.epochs = 12;
    config.learningRate = 3e-2;
    config.precision = "bf16";
    const auto result = trainOnInput(model, ids, {}, lora.parameters(), config, torch::kCPU);
    EXPECT_LT(result.epochs.back().segmentLoss, result.epochs.front().segmentLoss - 0.3);
    EXPECT_FALSE(at::autocast::is_autocast_enabled(at::kCPU));
}

TEST(Lora, AModelWithoutTheTargetProjectionsAsksForFullFineTuning) {
    Gpt2Config config;
    config.vocabSize = 40;
    config.nEmbd = 16;
    config.nLayer = 1;
    config.nHead = 2;
    config.nPositions = 64;
    GPT2LMHeadModel model(config);
    try {
        LoraAttachment lora(model, 4, 8.0, 3);
        FAIL() << "LoRA attached to projections GPT-2 does not have";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("full fine-tuning"), std::string::npos) << e.what();
    }
}

TEST(FullFineTuning, TheSnapshotRestoresEveryWeightEvenAfterACancel) {
    torch::manual_seed(2);
    LlamaForCausalLM model(tinyLlama());
    const auto ids = periodicIds(80);
    const auto before = logitsOf(model, ids);
    {
        WeightSnapshot snapshot(model);
        const auto result = trainOnInput(model, ids, {}, model.parameters(), quickConfig(), torch::kCPU);
        EXPECT_LT(result.epochs.back().segmentLoss, result.epochs.front().segmentLoss);
        EXPECT_FALSE(torch::equal(logitsOf(model, ids), before));
    }
    EXPECT_TRUE(torch::equal(logitsOf(model, ids), before));

    CancelToken token;
    int epochsSeen = 0;
    const JobContext job([&](const ProgressUpdate&) {
        if (++epochsSeen == 2) token.cancel();
    }, token);
    {
        WeightSnapshot snapshot(model);
        EXPECT_THROW(trainOnInput(model, ids, {}, model.parameters(), quickConfig(), torch::kCPU, job), Cancelled);
    }
    EXPECT_TRUE(torch::equal(logitsOf(model, ids), before));
}

TEST(LiftTrainer, AnswerLossCountsOnlyTheAnswerTokens) {
    torch::manual_seed(3);
    LlamaForCausalLM model(tinyLlama());
    auto config = quickConfig();
    config.epochs = 0;
    config.qaEpochs = 8;
    config.stepsPerEpoch = 1;
    const std::vector<AnswerSample> qa{{{5, 6, 7, 8}, {30, 31}}, {{9, 10, 11}, {32}}};
    const auto ids = periodicIds(40);
    const double before = answerLogLikelihood(model, {5, 6, 7, 8}, {30, 31}, torch::kCPU);
    WeightSnapshot snapshot(model);
    const auto result = trainOnInput(model, ids, qa, model.parameters(), config, torch::kCPU);
    ASSERT_EQ(result.epochs.size(), 8u);
    EXPECT_TRUE(result.epochs.front().withQa);
    EXPECT_GT(answerLogLikelihood(model, {5, 6, 7, 8}, {30, 31}, torch::kCPU), before + 1.0);
}

TEST(AnswerScoring, LogLikelihoodAndPerplexityAgreeWithOneForward) {
    torch::manual_seed(4);
    LlamaForCausalLM model(tinyLlama());
    const auto ids = periodicIds(50);
    const auto logp = torch::log_softmax(logitsOf(model, ids)[0], -1);
    double answer = 0.0, all = 0.0;
    for (int t = 1; t < 50; ++t) {
        const double v = logp[t - 1][ids[static_cast<std::size_t>(t)]].item<double>();
        all += v;
        if (t >= 45) answer += v;
    }
    const std::vector<std::int32_t> prompt(ids.begin(), ids.begin() + 45), reply(ids.begin() + 45, ids.end());
    EXPECT_NEAR(answerLogLikelihood(model, prompt, reply, torch::kCPU), answer, 1e-4);
    EXPECT_NEAR(sequencePerplexity(model, ids, 64, torch::kCPU), std::exp(-all / 49), 1e-4);
    // A window shorter than the input still scores every token once, each with context before it.
    const double windowed = sequencePerplexity(model, ids, 16, torch::kCPU);
    EXPECT_TRUE(std::isfinite(windowed));
    EXPECT_NEAR(windowed, std::exp(-all / 49), 0.25 * std::exp(-all / 49));
    EXPECT_TRUE(std::isnan(sequencePerplexity(model, {3}, 16, torch::kCPU)));

    const auto greedy = greedyContinuation(model, prompt, 5, {}, torch::kCPU);
    ASSERT_EQ(greedy.size(), 5u);
    EXPECT_EQ(greedy[0], logitsOf(model, prompt)[0][44].argmax().item<int64_t>());
    const auto stopped = greedyContinuation(model, prompt, 5, {greedy[0]}, torch::kCPU);
    EXPECT_TRUE(stopped.empty());
}

}  // namespace
}  // namespace cb
