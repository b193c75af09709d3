#pragma once

#include <ATen/core/Tensor.h>

#include <optional>
#include <string>

namespace cb {

// Mamba's selective scan as one CUDA kernel, compiled at first use with NVRTC (found at run time
// next to the LibTorch that is loaded) and launched through the driver API, so neither the build nor
// the machine needs nvcc. One thread per (channel, state), states in registers, inputs staged through
// shared memory a tile of steps at a time. Inference only (no backward). Same arguments and result
// as selectiveScanCpuKernel; nullopt when it cannot run here (no NVRTC, a state size that is not a
// power of two up to 32), with the reason in `why`.
std::optional<at::Tensor> selectiveScanCudaKernel(const at::Tensor& u, const at::Tensor& delta, const at::Tensor& A,
                                                  const at::Tensor& Bm, const at::Tensor& Cm, const at::Tensor& D,
                                                  std::string* why = nullptr);

}  // namespace cb
