#pragma once

#include "core/models/causal_lm.h"
#include "core/models/layers.h"
#include "core/models/llama_config.h"
#include "core/models/rotary.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>

#include <memory>

namespace cb {

// Modules carry HF's names (model.layers.N.self_attn.q_proj, ...) so a state dict maps one to one
// onto a LlamaForCausalLM checkpoint.

class RmsNormImpl : public torch::nn::Module {
public:
    RmsNormImpl(int64_t dim, double eps);
    at::Tensor forward(const at::Tensor& x);
    at::Tensor weight;

private:
    double eps_;
};
TORCH_MODULE(RmsNorm);

struct LayerInputs {
    at::Tensor cos, sin;                 // [B, T, D]
    std::optional<at::Tensor> keyValid;  // [B, T] bool
    AttentionSpec attention;
};

class LlamaAttentionImpl : public torch::nn::Module {
public:
    explicit LlamaAttentionImpl(const LlamaConfig& config);
    at::Tensor forward(const at::Tensor& x, const LayerInputs& in);
    Dense q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, o_proj{nullptr};

private:
    int64_t heads_, kvHeads_, headDim_;
};
TORCH_MODULE(LlamaAttention);

class LlamaMlpImpl : public torch::nn::Module {
public:
    explicit LlamaMlpImpl(const LlamaConfig& config);
    at::Tensor forward(const at::Tensor& x);
    Dense gate_proj{nullptr}, up_proj{nullptr}, down_proj{nullptr};
};
TORCH_MODULE(LlamaMlp);

class LlamaDecoderLayerImpl : public torch::nn::Module {
public:
    explicit LlamaDecoderLayerImpl(const LlamaConfig& config);
    at::Tensor forward(const at::Tensor& x, const LayerInputs& in);
    LlamaAttention self_attn{nullptr};
    LlamaMlp mlp{nullptr};
    RmsNorm input_layernorm{nullptr}, post_attention_layernorm{nullptr};
};
TORCH_MODULE(LlamaDecoderLayer);

class LlamaBackboneImpl : public torch::nn::Module {
public:
    explicit LlamaBackboneImpl(const LlamaConfig& config);
    TokenEmbedding embed_tokens{nullptr};
    torch::nn::ModuleList layers{nullptr};
    RmsNorm norm{nullptr};
};
TORCH_MODULE(LlamaBackbone);

class LlamaForCausalLM final : public torch::nn::Module, public CausalLm {
public:
    explicit LlamaForCausalLM(const LlamaConfig& config);

    at::Tensor hidden(const at::Tensor& inputIds, const ForwardOptions& options = {}) override;
    at::Tensor logits(const at::Tensor& hidden) override;
    torch::nn::Module& module() override { return *this; }
    std::string architecture() const override { return "LlamaForCausalLM"; }
    nlohmann::json hfConfig() const override { return config_.toHfJson(); }
    int hiddenSize() const override { return config_.hiddenSize; }
    int vocabSize() const override { return config_.vocabSize; }
    int maxContext() const override { return 0; }  // RoPE has no hard limit
    void setAttention(const AttentionSpec& spec) override {
        spec.validate();
        attention_ = spec;
    }
    AttentionSpec attention() const override { return attention_; }
    std::map<std::string, std::vector<std::string>> storedAliases() const override {
        if (!config_.tieWordEmbeddings) return {};
        return {{"model.embed_tokens.weight", {"lm_head.weight"}}};
    }

    const LlamaConfig& config() const { return config_; }
    // Re-draws every weight as HF's _init_weights does: normal(0, initializer_range), norms at one.
    void initializeWeights();

    LlamaBackbone model{nullptr};
    Dense lm_head{nullptr};  // null when tie_word_embeddings

private:
    LlamaConfig config_;
    RotaryEmbedding rope_;
    AttentionSpec attention_;
};

}  // namespace cb
