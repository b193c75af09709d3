#pragma once

#include "core/attention/cca_output.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

namespace cb {

// CCA forward on CUDA from two kernels of our own (core/attention/kernels), compiled at run time with
// NVRTC for the head dimension and dtype at hand:
//   pool   one warp per (head, group): the group's g keys scored against its last query, their
//          softmax, the pooled key and value;
//   fused  one block per (head, 64 or 128 queries) on tensor cores, flash-attention style: the core
//          tokens the block may see, then the raw keys of its windows, through one online softmax,
//          masked exactly per query only on the tiles at the edges of what a query sees.
// Nothing of size L x L, and no partial output, is ever written. Requires bf16 or fp16, a head
// dimension that is a multiple of 16 up to 128, g <= 32, and rows of q, k and v contiguous and
// 16-byte aligned; forward only.

// Empty when the CUDA path applies, else why not (the caller then uses ccaAttentionBlocked).
std::string ccaCudaUnsupported(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s);

// Returns [B, H, L, D]: a transposed view of a fresh [B, L, H, D] buffer (the layout the output
// projection reads), or with CcaOutput::OverQueries q itself, its rows overwritten in place. That is
// safe because a block of the fused kernel reads only its own queries, all before it writes their
// outputs, and the pool kernel is done with q before the fused kernel starts.
at::Tensor ccaAttentionCuda(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s,
                            CcaOutput output = CcaOutput::Fresh);

}  // namespace cb
