#pragma once

#include "core/models/causal_lm.h"
#include "core/models/layers.h"
#include "core/models/llama.h"  // RmsNorm: Mamba's norm is the same computation
#include "core/models/mamba_config.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>

namespace cb {

// Modules carry HF's names (backbone.layers.N.mixer.in_proj, ...) so a MambaForCausalLM state dict
// maps one to one.
class MambaMixerImpl : public torch::nn::Module {
public:
    explicit MambaMixerImpl(const MambaConfig& config);
    // mask: [B, T] float, 0 at padding (HF zeroes padded positions before and after the convolution).
    at::Tensor forward(const at::Tensor& x, const std::optional<at::Tensor>& mask);
    Dense in_proj{nullptr}, x_proj{nullptr}, dt_proj{nullptr}, out_proj{nullptr};
    torch::nn::Conv1d conv1d{nullptr};  // depthwise, [I, 1, K]
    at::Tensor A_log, D;

private:
    int64_t inner_, states_, rank_, kernel_;
};
TORCH_MODULE(MambaMixer);

class MambaBlockImpl : public torch::nn::Module {
public:
    explicit MambaBlockImpl(const MambaConfig& config);
    at::Tensor forward(const at::Tensor& x, const std::optional<at::Tensor>& mask);
    RmsNorm norm{nullptr};
    MambaMixer mixer{nullptr};

private:
    bool residualInFp32_;
};
TORCH_MODULE(MambaBlock);

class MambaBackboneImpl : public torch::nn::Module {
public:
    explicit MambaBackboneImpl(const MambaConfig& config);
    TokenEmbedding embeddings{nullptr};
    torch::nn::ModuleList layers{nullptr};
    RmsNorm norm_f{nullptr};
};
TORCH_MODULE(MambaBackbone);

class MambaForCausalLM final : public torch::nn::Module, public CausalLm {
public:
    explicit MambaForCausalLM(const MambaConfig& config);

    at::Tensor hidden(const at::Tensor& inputIds, const ForwardOptions& options = {}) override;
    at::Tensor logits(const at::Tensor& hidden) override;
    torch::nn::Module& module() override { return *this; }
    std::string architecture() const override { return "MambaForCausalLM"; }
    nlohmann::json hfConfig() const override { return config_.toHfJson(); }
    int hiddenSize() const override { return config_.hiddenSize; }
    int vocabSize() const override { return config_.vocabSize; }
    int maxContext() const override { return 0; }  // recurrent: no length limit
    void setAttention(const AttentionSpec& spec) override;
    AttentionSpec attention() const override { return {}; }
    std::map<std::string, std::vector<std::string>> storedAliases() const override;

    MambaBackbone backbone{nullptr};
    Dense lm_head{nullptr};  // only when the head is not tied

private:
    MambaConfig config_;
};

}  // namespace cb
