#include "core/analysis/prepared_cohort.h"
#include "core/cohort/synthetic_generator.h"
#include "core/distributed/communicator.h"
#include "core/distributed/gradient_reducer.h"
#include "core/eval/sharded_featurizer.h"
#include "core/models/llama.h"
#include "core/train/pretrainer.h"
#include "tests/support/ranks.h"

#include <gtest/gtest.h>
#include <torch/torch.h>


namespace cb {
namespace {

std::shared_ptr<const PreparedCohort> tinyCohort() {
    SyntheticConfig config;
    config.patients = 60;
    return prepareCohort(generateSyntheticCohort(config), VocabularyConfig{});
}

LlamaConfig tinyLlama(int vocab) {
    LlamaConfig config;
    config.vocabSize = vocab;
    config.hiddenSize = 32;
    config.intermediateSize = 64;
    config.numLayers = 2;
    config.numHeads = 2;
    config.numKvHeads = 1;
    config.headDim = 16;
    return config;
}

PretrainConfig tinyTraining() {
    PretrainConfig train;
    train.contextLength = 64;
    train.tokenBudget = 12000;
    train.tokensPerStep = 1024;
    train.learningRate = 1e-2;
    return train;
}

struct Trained {
    PretrainResult result;
    std::vector<at::Tensor> weights;
};

// Models are built before any rank starts: LibTorch's default generator is shared by the threads.
std::unique_ptr<LlamaForCausalLM> tinyModel(const PreparedCohort& cohort, std::uint64_t initSeed) {
    torch::manual_seed(initSeed);
    return std::make_unique<LlamaForCausalLM>(tinyLlama(static_cast<int>(cohort.vocabulary.size())));
}

Trained train(LlamaForCausalLM& model, const PreparedCohort& cohort, Communicator* comm) {
    Trained out;
    out.result = pretrain(model, cohort.tokens, cohort.cohort.patientsIn(Split::Train), tinyTraining(), "cpu", {}, comm);
    for (const auto& p : model.module().parameters()) out.weights.push_back(p.detach().clone());
    return out;
}

Trained trainAlone(const PreparedCohort& cohort, std::uint64_t initSeed) { return train(*tinyModel(cohort, initSeed), cohort, nullptr); }

std::vector<Trained> trainOnRanks(const PreparedCohort& cohort, int size) {
    std::vector<std::unique_ptr<LlamaForCausalLM>> models;
    // Different seeds: rank 0's initial weights must reach every rank.
    for (int r = 0; r < size; ++r) models.push_back(tinyModel(cohort, 100 + static_cast<std::uint64_t>(r)));
    std::vector<Trained> trained(static_cast<std::size_t>(size));
    test::asGlooRanks(size, [&](Communicator& comm) {
        trained[static_cast<std::size_t>(comm.rank())] = train(*models[static_cast<std::size_t>(comm.rank())], cohort, &comm);
    });
    return trained;
}

double maxDifference(const std::vector<at::Tensor>& a, const std::vector<at::Tensor>& b) {
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, (a[i] - b[i]).abs().max().item<double>());
    return worst;
}

// One intra-op thread for the test's ranks (they share this machine's cores), the previous count
// restored after it, so tests that run later in the same process see the machine as it was.
class OneThreadScope {
public:
    OneThreadScope() : previous_(at::get_num_threads()) { at::set_num_threads(1); }
    ~OneThreadScope() { at::set_num_threads(previous_); }
    OneThreadScope(const OneThreadScope&) = delete;
    OneThreadScope& operator=(const OneThreadScope&) = delete;

private:
    int previous_;
};

}  // namespace

TEST(DataParallel, TwoRanksTrainAsOneProcessDoes) {
    const auto cohort = tinyCohort();
    const OneThreadScope threads;
    const auto single = trainAlone(*cohort, 100);
    const auto ranks = trainOnRanks(*cohort, 2);
    ASSERT_EQ(ranks.size(), 2u);
    ASSERT_EQ(ranks[0].result.stepLoss.size(), single.result.stepLoss.size());
    ASSERT_GE(single.result.stepLoss.size(), 8u);
    for (std::size_t s = 0; s < single.result.stepLoss.size(); ++s)
        EXPECT_NEAR(ranks[0].result.stepLoss[s], single.result.stepLoss[s], 1e-4) << "step " << s;
    EXPECT_EQ(ranks[0].result.tokens, single.result.tokens);
    // The same summed gradients and the same optimizer: bit-identical weights on every rank.
    EXPECT_EQ(maxDifference(ranks[0].weights, ranks[1].weights), 0.0);
    // And the weights of one process, up to the order of floating-point sums (which AdamW's
    // normalised steps carry into weights whose gradients are near zero).
    EXPECT_LT(maxDifference(ranks[0].weights, single.weights), 1e-3);
    EXPECT_GT(maxDifference(ranks[0].weights, trainAlone(*cohort, 101).weights), 1e-2);  // the check can fail
}

TEST(DataParallel, GradientBucketsStartDuringTheBackwardPass) {
    std::vector<std::size_t> overlapped(2), buckets(2);
    std::vector<double> grads(2);
    test::asGlooRanks(2, [&](Communicator& comm) {
        const auto r = static_cast<std::size_t>(comm.rank());
        torch::manual_seed(5);
        auto a = torch::randn({64, 64}, torch::requires_grad());
        auto b = torch::randn({64, 64}, torch::requires_grad());
        auto c = torch::randn({64}, torch::requires_grad());
        GradientReducer reducer({a, b, c}, comm, 64 * 64 * 4);  // buckets {c, b} and {a}
        reducer.prepare("in the test");
        // Rank r's loss is r+1 times the same function: the summed gradient is 3x one of them.
        const auto loss = (torch::tanh(torch::matmul(a, b)).sum() + c.sum()) * static_cast<double>(r + 1);
        loss.backward();
        reducer.finish();
        overlapped[r] = reducer.overlappedBuckets();
        buckets[r] = reducer.bucketCount();
        grads[r] = c.grad()[0].item<double>();
    });
    EXPECT_EQ(buckets[0], 2u);
    EXPECT_EQ(overlapped[0], 2u);  // every bucket started inside backward(), before finish()
    EXPECT_DOUBLE_EQ(grads[0], 3.0);
    EXPECT_DOUBLE_EQ(grads[1], 3.0);
}

TEST(DataParallel, ShardedFeaturesEqualOneProcessFeatures) {
    const auto cohort = tinyCohort();
    const OneThreadScope threads;
    // One model a rank: a forward pass may fill caches inside the model.
    std::vector<std::unique_ptr<LlamaForCausalLM>> models;
    for (int r = 0; r < 4; ++r) models.push_back(tinyModel(*cohort, 3));
    auto& model = *models[3];
    std::vector<FeatureRequest> requests;
    for (std::uint32_t p = 0; p < 25; ++p) requests.push_back({p, cohort->tokens.times(p).back()});
    requests.push_back({0, -1'000'000'000'000});  // nothing visible: an all-zero row
    const auto single = featurize(model, cohort->tokens, requests, 48, "cpu", 512);

    std::vector<FeatureMatrix> byRank(3);
    test::asGlooRanks(3, [&](Communicator& comm) {
        const auto r = static_cast<std::size_t>(comm.rank());
        byRank[r] = featurizeAcrossRanks(*models[r], cohort->tokens, requests, 48, "cpu", 512, comm);
    });
    const auto& atRoot = byRank[0];
    ASSERT_EQ(atRoot.rows, single.rows);
    EXPECT_EQ(atRoot.lengths, single.lengths);
    EXPECT_EQ(atRoot.emptyRows, 1u);
    double worst = 0.0;
    for (std::size_t i = 0; i < single.values.size(); ++i) worst = std::max(worst, static_cast<double>(std::abs(atRoot.values[i] - single.values[i])));
    EXPECT_LT(worst, 1e-5);
    EXPECT_EQ(byRank[1].rows, 0u);
    EXPECT_EQ(byRank[2].rows, 0u);
}

}  // namespace cb
