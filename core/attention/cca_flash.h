#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

namespace cb {

// CCA forward on CUDA from fused flash-attention calls merged by their log-sum-exp, never forming a
// score matrix larger than L x g:
//   local   the s raw keys (i - s, i]: one sliding-window flash call;
//   core    query i sees core tokens j < (i - s + 1) // g. Queries sharing (i - s + 1) mod g form a
//           sequence that sees the core tokens causally, so g causal flash calls (one batch) cover it;
//   extra   the (i + 1) mod g raw keys just before the window: the first tokens of the core group the
//           query sits in, a g x g strictly causal block per group.
// The three partial softmaxes merge exactly into CCA's single one. Requires CUDA, bf16 or fp16,
// s a positive multiple of g and a head dimension flash supports; forward only.

// Empty when the fast path applies, else why not (the caller then uses ccaAttention).
std::string ccaFlashUnsupported(const at::Tensor& q, int64_t g, int64_t s);

at::Tensor ccaAttentionFlash(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s);

}  // namespace cb
