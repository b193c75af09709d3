#pragma once

#include <ATen/core/Tensor.h>

namespace cb {

// Mamba's selective scan: with state s (per channel i and state n) starting at zero,
//   s_t = exp(delta_t,i * A_i,n) * s_(t-1) + delta_t,i * B_t,n * u_t,i,   y_t,i = sum_n s_t,n C_t,n + D_i u_t,i
// u, delta: [B, T, I]; A: [I, N]; Bm, Cm: [B, T, N]; D: [I]. Returns y [B, T, I] in float32.
//
// Two implementations compute the same numbers:
//  - chunked: the sequence in chunks, each scanned by log2(chunk) doubling steps of whole-tensor ops,
//    the state carried between chunks. Differentiable and device-agnostic; memory B x chunk x I x N.
//  - a CPU kernel looping over time inside each (batch, channel), state in registers: inference only.
//  - on CUDA, a kernel compiled at run time (selective_scan_cuda.h): inference only.
// selectiveScan picks a kernel when no gradient is needed, chunks otherwise.
at::Tensor selectiveScan(const at::Tensor& u, const at::Tensor& delta, const at::Tensor& A, const at::Tensor& Bm,
                         const at::Tensor& Cm, const at::Tensor& D);
at::Tensor selectiveScanChunked(const at::Tensor& u, const at::Tensor& delta, const at::Tensor& A, const at::Tensor& Bm,
                                const at::Tensor& Cm, const at::Tensor& D, int64_t chunk = 64);
at::Tensor selectiveScanCpuKernel(const at::Tensor& u, const at::Tensor& delta, const at::Tensor& A,
                                  const at::Tensor& Bm, const at::Tensor& Cm, const at::Tensor& D);

}  // namespace cb
