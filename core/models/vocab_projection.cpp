#include "core/models/vocab_projection.h"

#include <ATen/ATen.h>

namespace cb {

at::Tensor projectToVocab(const at::Tensor& hidden, const at::Tensor& weight) {
    const auto vocab = weight.size(0);
    if (!hidden.is_cuda() || vocab % 8 == 0) return at::linear(hidden, weight);
    const auto padded = (vocab + 63) / 64 * 64;
    return at::linear(hidden, at::constant_pad_nd(weight, {0, 0, 0, padded - vocab})).narrow(-1, 0, vocab);
}

}  // namespace cb
