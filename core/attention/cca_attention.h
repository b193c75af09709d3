#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cb {

// Core Context Aware attention (Chen et al.), as the official code computes it. All tensors are
// [B, H, L, D] after RoPE, with K/V already expanded to the query heads.
//
// The prefix L - s is cut into m = (L - s) // g groups of g tokens. Each group is pooled into one
// core token: weights softmax(q_last . K_group^T / sqrt(d)) with q_last the query of the group's
// last token, the same weights pooling keys and values. Query i sees core token j when
// (j + 1) g - 1 <= i - s, and the raw tokens of its local window (i - s - ((i + 1) mod g), i], all in
// one softmax. With L <= s this is full causal attention.

struct CcaPooled {
    at::Tensor keys;    // [B, H, m, D]
    at::Tensor values;  // [B, H, m, D]
};

// Throws a clear error for g < 1, s < 0 or q, k, v not sharing one [B, H, L, D] shape.
void checkCcaInputs(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s);

// Number of complete core groups for a sequence of length L.
int64_t ccaGroupCount(int64_t length, int64_t g, int64_t s);
// Core tokens visible to query i, and the first raw key of its local window.
int64_t ccaVisibleGroups(int64_t i, int64_t g, int64_t s, int64_t groups);
int64_t ccaLocalStart(int64_t i, int64_t g, int64_t s);

CcaPooled ccaPool(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s);

// Dense masked evaluation: builds the full [L, m + L] score matrix. For tests and small inputs.
at::Tensor ccaAttentionReference(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s);

// Blocked evaluation that never materialises an L x L matrix: each block of queries scores only the
// core tokens it may see and the raw keys of its window. Built from differentiable tensor
// operations, so autograd provides the backward pass; runs on CPU and CUDA.
// `queryBlock` 0 picks a block size for the device.
at::Tensor ccaAttentionBlocked(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s,
                               int64_t queryBlock = 0);

// Which implementation ccaAttention takes for these inputs, and, when a fast path exists for their
// device but declines them (an unsupported head dimension, dtype or group size), why: the result is
// still exact, only slower, and callers show the notice.
struct CcaPath {
    std::string name;    // "cuda-fused", "cpu-tiled" or "blocked"
    std::string notice;  // empty unless a fast path declined
};
CcaPath ccaPathFor(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s);

// The notices of fast paths that declined ccaAttention's inputs since the last call, each once: what
// an evaluation reports (and stores with its run) after its forward passes.
std::vector<std::string> takeCcaNotices();

// The fastest exact path for the inputs: without gradients, a fused kernel on CUDA in bf16/fp16
// (cca_cuda.h) or the tiled BLAS kernel on the CPU in float32 (cca_cpu.h); the blocked evaluation
// otherwise.
at::Tensor ccaAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s);

// ccaAttention for a caller whose queries die with the call, as in a layer's forward: where a fast
// path runs, the output is written over q (cca_output.h), so no L x H x D output is allocated; the
// blocked path, which autograd needs q for, leaves q alone, and so does any path when q shares
// storage with k or v. Do not read q afterwards.
at::Tensor ccaAttentionOverQueries(at::Tensor q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s);

}  // namespace cb
