#pragma once

#include "core/models/llama_config.h"

#include <ATen/core/Tensor.h>

namespace cb {

// Rotary position embedding with HF's conventions: inverse frequencies theta^(-2i/d), optional
// llama3 rescaling, cos/sin laid out as cat(freqs, freqs), rotate_half pairing i with i + d/2.
class RotaryEmbedding {
public:
    RotaryEmbedding(const LlamaConfig& config);

    // positions: [B, T] int64 -> {cos, sin}, each [B, T, D] float32 on the positions' device.
    std::pair<at::Tensor, at::Tensor> cosSin(const at::Tensor& positions) const;
    // x: [B, H, T, D]
    static at::Tensor apply(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);
    const at::Tensor& inverseFrequencies() const { return invFreq_; }

private:
    at::Tensor invFreq_;  // [D/2] float32 on the CPU
    // Its copy on the device last used: a copy per forward pass would cost a host synchronisation
    // each time (and rule out CUDA graph capture).
    mutable at::Tensor onDevice_;
};

}  // namespace cb
