#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

namespace cb {

// CCA forward on CUDA from LibTorch's fused flash-attention kernel, never forming a score matrix:
//   local  the s raw keys (i - s, i]: one sliding-window flash call over the whole sequence;
//   core   queries are taken in blocks of g, block c' (positions s - 1 + g + c' g + t, t < g) seeing
//          core tokens 0..c'. Read with a stride of g rows, the t-th query of every block forms a
//          sequence that sees the core tokens causally: one causal flash call with t as its batch,
//          over a strided view of q (no copy) and the core tokens broadcast across that batch. The
//          last, possibly partial, block sees every core token: one small non-causal call;
//   extra  the (i + 1) mod g raw keys just before the window (the first tokens of the core group the
//          query sits in), at most g - 1 per query.
// A merge kernel of our own (NVRTC) combines the three partial softmaxes by their log-sum-exp into
// CCA's single one, scores the extra keys on the way, and writes the result over the local part's
// output, so no float32 copy of the output is ever made. Requires CUDA, bf16 or fp16, s a positive
// multiple of g and a head dimension flash supports; forward only.

// Empty when the fast path applies, else why not (the caller then uses ccaAttentionBlocked).
std::string ccaFlashUnsupported(const at::Tensor& q, int64_t g, int64_t s);

// Returns [B, H, L, D] (a transposed view of the [B, L, H, D] buffer the kernels write).
at::Tensor ccaAttentionFlash(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s);

}  // namespace cb
