#pragma once

#include "core/models/causal_lm.h"
#include "core/models/layers.h"
#include "core/models/gpt2_config.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

namespace cb {

// Modules carry HF's names (transformer.h.N.attn.c_attn, ...) so a GPT2LMHeadModel state dict maps
// one to one. HF's Conv1D stores its weight as [in, out], the transpose of a Linear.
class Gpt2Conv1dImpl : public torch::nn::Module {
public:
    Gpt2Conv1dImpl(int64_t in, int64_t out);
    at::Tensor forward(const at::Tensor& x);
    at::Tensor weight, bias;
};
TORCH_MODULE(Gpt2Conv1d);

class Gpt2AttentionImpl : public torch::nn::Module {
public:
    explicit Gpt2AttentionImpl(const Gpt2Config& config);
    at::Tensor forward(const at::Tensor& x, const std::optional<at::Tensor>& keyValid);
    Gpt2Conv1d c_attn{nullptr}, c_proj{nullptr};

private:
    int64_t heads_, headDim_;
};
TORCH_MODULE(Gpt2Attention);

class Gpt2MlpImpl : public torch::nn::Module {
public:
    explicit Gpt2MlpImpl(const Gpt2Config& config);
    at::Tensor forward(const at::Tensor& x);
    Gpt2Conv1d c_fc{nullptr}, c_proj{nullptr};
};
TORCH_MODULE(Gpt2Mlp);

class Gpt2BlockImpl : public torch::nn::Module {
public:
    explicit Gpt2BlockImpl(const Gpt2Config& config);
    at::Tensor forward(const at::Tensor& x, const std::optional<at::Tensor>& keyValid);
    torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
    Gpt2Attention attn{nullptr};
    Gpt2Mlp mlp{nullptr};
};
TORCH_MODULE(Gpt2Block);

class Gpt2TransformerImpl : public torch::nn::Module {
public:
    explicit Gpt2TransformerImpl(const Gpt2Config& config);
    TokenEmbedding wte{nullptr}, wpe{nullptr};
    torch::nn::ModuleList h{nullptr};
    torch::nn::LayerNorm ln_f{nullptr};
};
TORCH_MODULE(Gpt2Transformer);

class GPT2LMHeadModel final : public torch::nn::Module, public CausalLm {
public:
    explicit GPT2LMHeadModel(const Gpt2Config& config);

    // Throws when the input is longer than n_positions: the learned positions end there.
    at::Tensor hidden(const at::Tensor& inputIds, const ForwardOptions& options = {}) override;
    at::Tensor logits(const at::Tensor& hidden) override;
    torch::nn::Module& module() override { return *this; }
    std::string architecture() const override { return "GPT2LMHeadModel"; }
    nlohmann::json hfConfig() const override { return config_.toHfJson(); }
    int hiddenSize() const override { return config_.nEmbd; }
    int vocabSize() const override { return config_.vocabSize; }
    int maxContext() const override { return config_.nPositions; }
    void setAttention(const AttentionSpec& spec) override;
    AttentionSpec attention() const override { return {}; }
    std::map<std::string, std::vector<std::string>> storedAliases() const override;

    Gpt2Transformer transformer{nullptr};
    Dense lm_head{nullptr};  // only when the head is not tied

private:
    Gpt2Config config_;
};

}  // namespace cb
