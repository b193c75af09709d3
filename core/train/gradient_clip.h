#pragma once

#include <ATen/core/Tensor.h>

#include <vector>

namespace cb {

// Scales the gradients so that their joint L2 norm is at most `maxNorm`, as
// torch.nn.utils.clip_grad_norm_ does (coefficient maxNorm / (norm + 1e-6), clamped at 1), but
// without reading the norm back to the host: LibTorch's version returns it as a double, which makes
// the CPU wait for the GPU at every step. Parameters without a gradient are skipped.
void clipGradientNorm(const std::vector<at::Tensor>& parameters, double maxNorm);

}  // namespace cb
