#pragma once

#include <ATen/core/Tensor.h>

namespace cb {

// hidden [..., D] x weight [V, D]^T -> logits [..., V], the output head of every causal LM here.
// On a GPU a vocabulary that is not a multiple of 8 leaves cuBLAS only its unaligned GEMMs (2-element
// loads; 2.3x slower for a 39,818-word head on an H200), so there the weight is padded with zero rows
// to a multiple of 64 and the logits cut back to V: the same values, through the fast kernels.
at::Tensor projectToVocab(const at::Tensor& hidden, const at::Tensor& weight);

}  // namespace cb
