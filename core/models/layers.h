#pragma once

#include "core/models/weight_init.h"

#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cmath>
#include <memory>

namespace cb {

// A low-rank update y += scale * (x A^T) B^T riding on a Dense layer (LoRA). It is held outside the
// module's parameters, so state dicts, checkpoints and the base weights never see it.
struct LowRankDelta {
    at::Tensor a;  // [rank, in]
    at::Tensor b;  // [out, rank]
    double scale = 1.0;
};

// A linear layer (y = x W^T + b, W as [out, in], HF's names weight/bias) and a token embedding
// table. Unlike torch::nn::Linear/Embedding they skip drawing initial values while a SkipWeightInit
// is active: loading a checkpoint then costs about as much as reading it.
class DenseImpl : public torch::nn::Module {
public:
    DenseImpl(int64_t in, int64_t out, bool withBias = true) {
        weight = register_parameter("weight", at::empty({out, in}));
        if (withBias) bias = register_parameter("bias", at::empty({out}));
        if (SkipWeightInit::skipping()) return;
        // torch::nn::Linear's default: uniform in +-1/sqrt(in) for both.
        const double bound = 1.0 / std::sqrt(static_cast<double>(in));
        torch::NoGradGuard noGrad;
        weight.uniform_(-bound, bound);
        if (withBias) bias.uniform_(-bound, bound);
    }
    at::Tensor forward(const at::Tensor& x) {
        auto y = at::linear(x, weight, bias);
        if (delta) y = y + at::linear(at::linear(x, delta->a), delta->b) * delta->scale;
        return y;
    }
    at::Tensor weight, bias;
    std::shared_ptr<LowRankDelta> delta;  // set while a LoRA adapter is attached
};
TORCH_MODULE(Dense);

class TokenEmbeddingImpl : public torch::nn::Module {
public:
    TokenEmbeddingImpl(int64_t vocab, int64_t dim) {
        weight = register_parameter("weight", at::empty({vocab, dim}));
        if (SkipWeightInit::skipping()) return;
        torch::NoGradGuard noGrad;
        weight.normal_();
    }
    at::Tensor forward(const at::Tensor& ids) { return at::embedding(weight, ids); }
    at::Tensor weight;
};
TORCH_MODULE(TokenEmbedding);

}  // namespace cb
