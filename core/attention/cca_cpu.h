#pragma once

#include "core/attention/cca_output.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

namespace cb {

// CCA forward on the CPU in float32 as one pass per tile of queries, with no autograd graph and no
// tensor operations inside the loop. A tile's scores over the core tokens its last query sees and the
// raw keys of its widest window land in one buffer through two BLAS calls; each row is masked to its
// own core tokens and window, exponentiated and summed in one sweep; two more BLAS calls apply the
// values. Only the edges of the window are ever masked, so nearly every score computed is used.
// Tiles run in parallel on LibTorch's threads; BLAS is the sgemm LibTorch itself links.

// Empty when this path applies, else why not (the caller then uses ccaAttentionBlocked).
std::string ccaCpuUnsupported(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v);

// q, k, v: [B, H, L, D] as for ccaAttention. `queryTile` 0 picks the default. With
// CcaOutput::OverQueries the result is written over the (contiguous) queries: a tile's queries are
// read by its score products before its value products write the same rows, and no other tile reads
// them; the pooling, which reads the groups' last queries, finishes before any tile starts.
at::Tensor ccaAttentionCpu(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s,
                           int64_t queryTile = 0, CcaOutput output = CcaOutput::Fresh);

}  // namespace cb
