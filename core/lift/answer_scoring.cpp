#include "core/lift/answer_scoring.h"

#include "core/models/causal_lm.h"

#include <torch/nn/module.h>

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace cb {
namespace {

at::Tensor idsTensor(const std::vector<std::int32_t>& ids, const c10::Device& device) {
    auto t = at::empty({1, static_cast<std::int64_t>(ids.size())}, at::kLong);
    auto acc = t.accessor<int64_t, 2>();
    for (std::size_t i = 0; i < ids.size(); ++i) acc[0][static_cast<std::int64_t>(i)] = ids[i];
    return t.to(device);
}

// Log-probabilities [T-1] of each token given the ones before it, for one sequence.
at::Tensor tokenLogProbs(CausalLm& model, const std::vector<std::int32_t>& ids, const c10::Device& device) {
    const auto input = idsTensor(ids, device);
    const auto logits = model.logits(model.hidden(input)).to(at::kFloat)[0];
    const auto n = input.size(1);
    const auto logp = at::log_softmax(logits.narrow(0, 0, n - 1), -1);
    return logp.gather(1, input[0].narrow(0, 1, n - 1).unsqueeze(1)).squeeze(1);
}

// Inference runs in eval mode without autograd, whatever the caller had set.
class InferenceScope {
public:
    explicit InferenceScope(CausalLm& model) : module_(model.module()), wasTraining_(module_.is_training()) { module_.eval(); }
    ~InferenceScope() { module_.train(wasTraining_); }
    InferenceScope(const InferenceScope&) = delete;
    InferenceScope& operator=(const InferenceScope&) = delete;

private:
    torch::nn::Module& module_;
    bool wasTraining_;
    at::NoGradGuard noGrad_;
};

}  // namespace

at::Tensor sequenceLogits(CausalLm& model, const std::vector<std::int32_t>& ids, const c10::Device& device) {
    InferenceScope scope(model);
    return model.logits(model.hidden(idsTensor(ids, device)))[0];
}

double answerLogLikelihood(CausalLm& model, const std::vector<std::int32_t>& prompt, const std::vector<std::int32_t>& answer,
                           const c10::Device& device) {
    if (answer.empty()) throw std::invalid_argument("the reference answer has no tokens");
    if (prompt.empty()) throw std::invalid_argument("the prompt has no tokens");
    InferenceScope scope(model);
    std::vector<std::int32_t> ids(prompt);
    ids.insert(ids.end(), answer.begin(), answer.end());
    const auto logp = tokenLogProbs(model, ids, device);
    return logp.narrow(0, static_cast<std::int64_t>(prompt.size()) - 1, static_cast<std::int64_t>(answer.size())).sum().item<double>();
}

std::vector<std::int32_t> greedyContinuation(CausalLm& model, const std::vector<std::int32_t>& prompt, int maxNewTokens,
                                             const std::vector<std::int32_t>& stopIds, const c10::Device& device) {
    if (prompt.empty()) throw std::invalid_argument("the prompt has no tokens");
    InferenceScope scope(model);
    std::vector<std::int32_t> ids(prompt), out;
    for (int step = 0; step < maxNewTokens; ++step) {
        const auto input = idsTensor(ids, device);
        const auto hidden = model.hidden(input);
        const auto last = hidden.narrow(1, hidden.size(1) - 1, 1);
        const auto next = static_cast<std::int32_t>(model.logits(last).argmax(-1).item<int64_t>());
        if (std::find(stopIds.begin(), stopIds.end(), next) != stopIds.end()) break;
        out.push_back(next);
        ids.push_back(next);
    }
    return out;
}

double sequencePerplexity(CausalLm& model, const std::vector<std::int32_t>& ids, int window, const c10::Device& device) {
    if (window < 2) throw std::invalid_argument("perplexity window must be at least 2 tokens");
    const auto n = static_cast<std::int64_t>(ids.size());
    if (n < 2) return std::numeric_limits<double>::quiet_NaN();
    InferenceScope scope(model);
    const std::int64_t stride = std::max<std::int64_t>(1, window / 2);
    double nll = 0.0;
    std::int64_t scored = 1;  // tokens [0, scored) are done; the first has no context to be scored by
    for (std::int64_t begin = 0; scored < n; begin += stride) {
        const auto end = std::min(n, begin + window);
        const std::vector<std::int32_t> piece(ids.begin() + begin, ids.begin() + end);
        const auto logp = tokenLogProbs(model, piece, device);  // logp[i] scores token begin + i + 1
        const auto from = scored - begin - 1;
        nll -= logp.narrow(0, from, end - scored).sum().item<double>();
        scored = end;
    }
    return std::exp(nll / static_cast<double>(n - 1));
}

}  // namespace cb
