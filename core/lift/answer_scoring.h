#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <vector>

namespace cb {

class CausalLm;

// Logits [T, V] of one token sequence, read in eval mode without autograd (the model's mode is
// restored afterwards).
at::Tensor sequenceLogits(CausalLm& model, const std::vector<std::int32_t>& ids, const c10::Device& device);

// Sum of log p(answer_i | prompt, answer_<i) in nats.
double answerLogLikelihood(CausalLm& model, const std::vector<std::int32_t>& prompt, const std::vector<std::int32_t>& answer,
                           const c10::Device& device);

// Greedy continuation of `prompt`, at most `maxNewTokens` tokens, stopping before any of `stopIds`
// (the caller's end-of-text and line-break tokens).
std::vector<std::int32_t> greedyContinuation(CausalLm& model, const std::vector<std::int32_t>& prompt, int maxNewTokens,
                                             const std::vector<std::int32_t>& stopIds, const c10::Device& device);

// Perplexity of a token sequence read in windows of `window` tokens that start every window/2 tokens;
// each token is scored once, by the first window that reaches it with some context before it.
// Returns NaN for fewer than two tokens.
double sequencePerplexity(CausalLm& model, const std::vector<std::int32_t>& ids, int window, const c10::Device& device);

}  // namespace cb
