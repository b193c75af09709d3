#include "core/cohort/synthetic_generator.h"
#include "core/eval/position_perplexity.h"
#include "core/models/llama.h"
#include "core/tokenize/code_tokenizer.h"
#include "core/tokenize/vocabulary_builder.h"

#include "tests/support/tiny_llama.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace cb {
namespace {

LlamaConfig tiny(int vocab) { return test::tinyLlamaConfig(vocab, 256); }

struct Setup {
    Cohort cohort;
    Vocabulary vocab;
    std::unique_ptr<CodeTokenizer> tokenizer;
    TokenizedCohort tokens;
    std::vector<std::uint32_t> patients;
};

std::unique_ptr<Setup> setup() {
    auto s = std::make_unique<Setup>();
    SyntheticConfig config;
    config.patients = 40;
    config.medianVisits = 4;
    s->cohort = generateSyntheticCohort(config);
    s->vocab = buildVocabulary(s->cohort, VocabularyConfig{});
    s->tokenizer = std::make_unique<CodeTokenizer>(s->vocab, s->cohort);
    s->tokens = TokenizedCohort::build(s->cohort, *s->tokenizer);
    for (std::uint32_t p = 0; p < s->cohort.numPatients(); ++p) s->patients.push_back(p);
    return s;
}

// With windows longer than every timeline, each token's perplexity is exp(-log p) from one full
// forward pass; the per-index medians then come from exactly those values.
TEST(PositionPerplexity, EqualsAFullForwardWhenTheWindowCoversTheTimeline) {
    const auto s = setup();
    torch::manual_seed(1);
    LlamaForCausalLM model(tiny(static_cast<int>(s->vocab.size())));
    PositionPerplexityConfig config;
    config.context = 100000;
    config.stride = 100000;
    config.minPoints = 1;
    config.emaSpan = 1;
    const auto curve = perPositionPerplexity(model, s->tokens, {s->patients[0]}, config);
    const auto seq = s->tokens.tokens(s->patients[0]);
    std::vector<int64_t> ids(seq.begin(), seq.end());
    torch::NoGradGuard noGrad;
    const auto input = torch::tensor(ids, torch::kLong).unsqueeze(0);
    const auto logp = torch::log_softmax(model.logits(model.hidden(input)), -1)[0];
    ASSERT_EQ(curve.index.size(), ids.size() - 1);
    for (std::size_t i = 0; i < curve.index.size(); ++i) {
        const int t = curve.index[i];
        EXPECT_NEAR(curve.rawMedian[i], std::exp(-logp[t - 1][ids[static_cast<std::size_t>(t)]].item<double>()), 1e-4);
    }
}

TEST(PositionPerplexity, SlidingWindowsScoreEveryTokenOnce) {
    const auto s = setup();
    torch::manual_seed(2);
    LlamaForCausalLM model(tiny(static_cast<int>(s->vocab.size())));
    PositionPerplexityConfig config;
    config.context = 64;
    config.stride = 16;
    config.minPoints = 1;
    const auto curve = perPositionPerplexity(model, s->tokens, s->patients, config);
    ASSERT_FALSE(curve.index.empty());
    for (std::size_t i = 0; i < curve.index.size(); ++i) {
        int longer = 0;  // patients whose timeline reaches this index
        for (const auto p : s->patients) longer += static_cast<int>(s->tokens.tokens(p).size()) > curve.index[i];
        EXPECT_EQ(curve.points[i], longer) << "index " << curve.index[i];
        EXPECT_GT(curve.median[i], 1.0);  // perplexity of a real distribution
    }
    config.stride = 65;
    EXPECT_THROW(perPositionPerplexity(model, s->tokens, s->patients, config), Error);
}

}  // namespace
}  // namespace cb
