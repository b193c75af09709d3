#include "core/analysis/prepared_cohort.h"
#include "core/cohort/synthetic_generator.h"
#include "core/models/llama.h"
#include "core/train/gradient_clip.h"
#include "core/train/lr_schedule.h"
#include "core/train/pretrainer.h"
#include "core/train/window_plan.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace cb {

TEST(Pretrainer, LossFallsOnATinyRun) {
    SyntheticConfig cohortConfig;
    cohortConfig.patients = 60;
    const auto prepared = prepareCohort(generateSyntheticCohort(cohortConfig), VocabularyConfig{});
    LlamaConfig config;
    config.vocabSize = static_cast<int>(prepared->vocabulary.size());
    config.hiddenSize = 32;
    config.intermediateSize = 64;
    config.numLayers = 1;
    config.numHeads = 2;
    config.numKvHeads = 1;
    config.headDim = 16;
    torch::manual_seed(0);
    LlamaForCausalLM model(config);
    PretrainConfig train;
    train.contextLength = 64;
    train.tokenBudget = 40000;
    train.tokensPerStep = 1024;
    train.learningRate = 1e-2;
    const auto result = pretrain(model, prepared->tokens, prepared->cohort.patientsIn(Split::Train), train, "cpu");
    ASSERT_GE(result.stepLoss.size(), 20u);
    EXPECT_GT(result.initialLoss(), 6.0);  // about ln(vocabulary) at initialisation
    EXPECT_LT(result.finalLoss(), result.initialLoss() - 1.5);
}

TEST(WindowPlan, WindowsFitTheContextAndBatchesTheTokenBudget) {
    SyntheticConfig cohortConfig;
    cohortConfig.patients = 40;
    const auto prepared = prepareCohort(generateSyntheticCohort(cohortConfig), VocabularyConfig{});
    const auto train = prepared->cohort.patientsIn(Split::Train);
    const auto batches = planWindows(prepared->tokens, train, 128, 20000, 2048, 1);
    std::int64_t tokens = 0;
    for (const auto& b : batches) {
        EXPECT_LE(static_cast<std::size_t>(b.maxLength) * b.windows.size(), 2048u);
        for (const auto& w : b.windows) {
            EXPECT_LE(w.length(), 128u);
            EXPECT_GE(w.length(), 2u);
            EXPECT_LE(w.end, prepared->tokens.tokens(w.patient).size());
            EXPECT_EQ(prepared->cohort.splits[w.patient], Split::Train);
            tokens += w.length();
        }
    }
    EXPECT_GE(tokens, 20000);
    EXPECT_LT(tokens, 20000 + 128);
}

TEST(LearningRate, WarmsUpThenDecaysToTheFloor) {
    EXPECT_NEAR(learningRateAt(0, 100, 1.0, 0.1, 0.1), 0.1, 1e-12);
    EXPECT_NEAR(learningRateAt(9, 100, 1.0, 0.1, 0.1), 1.0, 1e-12);
    EXPECT_NEAR(learningRateAt(99, 100, 1.0, 0.1, 0.1), 0.1, 1e-12);
    EXPECT_GT(learningRateAt(40, 100, 1.0, 0.1, 0.1), learningRateAt(60, 100, 1.0, 0.1, 0.1));
}

}  // namespace cb

namespace cb {

// The same scaling as LibTorch's clip_grad_norm_, bit for bit, above and below the threshold: pretraining
// gives the weights it gave before the clipping stopped reading the norm back.
TEST(GradientClip, MatchesLibTorchsClipGradNorm) {
    for (const double maxNorm : {0.5, 1e3}) {
        torch::manual_seed(1);
        std::vector<at::Tensor> ours{torch::randn({3, 4}), torch::randn({7}), torch::randn({2})};
        std::vector<at::Tensor> theirs;
        for (auto& p : ours) {
            p.requires_grad_(true);
            p.mutable_grad() = torch::randn(p.sizes()) * 3.0;
            theirs.push_back(p.detach().clone().requires_grad_(true));
            theirs.back().mutable_grad() = p.grad().clone();
        }
        ours[2].mutable_grad() = at::Tensor();  // no gradient: skipped by both
        theirs[2].mutable_grad() = at::Tensor();
        clipGradientNorm(ours, maxNorm);
        torch::nn::utils::clip_grad_norm_(theirs, maxNorm);
        for (std::size_t i = 0; i < 2; ++i) EXPECT_TRUE(torch::equal(ours[i].grad(), theirs[i].grad())) << maxNorm;  // bit for bit
        EXPECT_FALSE(ours[2].grad().defined());
    }
}

}  // namespace cb
