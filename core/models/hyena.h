#pragma once

#include "core/models/causal_lm.h"
#include "core/models/layers.h"
#include "core/models/hyena_config.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

namespace cb {

// HyenaDNA as hf_ehr runs it (the HF port loaded with trust_remote_code), with that port's parameter
// names (hyena.backbone.layers.N.mixer.filter_fn.implicit_filter.K, ...), so its checkpoints load one
// to one. Each layer's long convolution filter is implicit: a small sine-activated MLP of a fixed
// positional encoding, modulated by an exponential decay, evaluated for the input's length.

// sin(freq * x). One frequency vector is shared by every Sin of a filter; the first owns it.
class HyenaSinImpl : public torch::nn::Module {
public:
    HyenaSinImpl(at::Tensor freq, bool owner);
    at::Tensor forward(const at::Tensor& x) { return at::sin(freq_ * x); }

private:
    at::Tensor freq_;
};
TORCH_MODULE(HyenaSin);

class HyenaPositionalEmbeddingImpl : public torch::nn::Module {
public:
    HyenaPositionalEmbeddingImpl(int embDim, int maxSeqLen);
    at::Tensor z, t;  // [1, Lmax, emb_dim], [1, Lmax, 1]
};
TORCH_MODULE(HyenaPositionalEmbedding);

class HyenaModulationImpl : public torch::nn::Module {
public:
    explicit HyenaModulationImpl(int dModel);
    at::Tensor deltas;  // [1, 1, D]
};
TORCH_MODULE(HyenaModulation);

class HyenaFilterImpl : public torch::nn::Module {
public:
    explicit HyenaFilterImpl(const HyenaConfig& config);
    // The long filter k[t, c] for t < length: [length, D]. It depends on the weights only, so in
    // inference (no gradient) it is computed once per length and kept until a weight changes.
    at::Tensor filter(int64_t length);
    at::Tensor bias;  // [D], the skip term of the long convolution
    HyenaPositionalEmbedding pos_emb{nullptr};
    torch::nn::ModuleList implicit_filter{nullptr};
    HyenaModulation modulation{nullptr};

private:
    at::Tensor compute(int64_t length);
    std::int64_t weightsVersion() const;  // changes whenever a filter weight is written
    at::Tensor cached_;
    std::int64_t cachedVersion_ = -1;
};
TORCH_MODULE(HyenaFilter);

class HyenaOperatorImpl : public torch::nn::Module {
public:
    explicit HyenaOperatorImpl(const HyenaConfig& config);
    at::Tensor forward(const at::Tensor& x);
    Dense in_proj{nullptr}, out_proj{nullptr};
    torch::nn::Conv1d short_filter{nullptr};
    HyenaFilter filter_fn{nullptr};

private:
    int64_t d_;
};
TORCH_MODULE(HyenaOperator);

class HyenaMlpImpl : public torch::nn::Module {
public:
    explicit HyenaMlpImpl(const HyenaConfig& config);
    at::Tensor forward(const at::Tensor& x) { return fc2(at::gelu(fc1(x), "tanh")); }
    Dense fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(HyenaMlp);

class HyenaBlockImpl : public torch::nn::Module {
public:
    explicit HyenaBlockImpl(const HyenaConfig& config);
    at::Tensor forward(const at::Tensor& x);
    torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
    HyenaOperator mixer{nullptr};
    HyenaMlp mlp{nullptr};
};
TORCH_MODULE(HyenaBlock);

class HyenaEmbeddingsImpl : public torch::nn::Module {
public:
    explicit HyenaEmbeddingsImpl(const HyenaConfig& config);
    TokenEmbedding word_embeddings{nullptr};
};
TORCH_MODULE(HyenaEmbeddings);

class HyenaBackboneImpl : public torch::nn::Module {
public:
    explicit HyenaBackboneImpl(const HyenaConfig& config);
    HyenaEmbeddings embeddings{nullptr};
    torch::nn::ModuleList layers{nullptr};
    torch::nn::LayerNorm ln_f{nullptr};
};
TORCH_MODULE(HyenaBackbone);

class HyenaModelImpl : public torch::nn::Module {
public:
    explicit HyenaModelImpl(const HyenaConfig& config);
    HyenaBackbone backbone{nullptr};
};
TORCH_MODULE(HyenaModel);

class HyenaDNAForCausalLM final : public torch::nn::Module, public CausalLm {
public:
    explicit HyenaDNAForCausalLM(const HyenaConfig& config);

    // No attention mask, as hf_ehr calls it: left padding flows through the convolutions. Throws
    // beyond max_seq_len, where the implicit filters are undefined.
    at::Tensor hidden(const at::Tensor& inputIds, const ForwardOptions& options = {}) override;
    at::Tensor logits(const at::Tensor& hidden) override;
    torch::nn::Module& module() override { return *this; }
    std::string architecture() const override { return "HyenaDNAForCausalLM"; }
    nlohmann::json hfConfig() const override { return config_.toHfJson(); }
    int hiddenSize() const override { return config_.dModel; }
    int vocabSize() const override { return config_.vocabSize; }
    int maxContext() const override { return config_.maxSeqLen; }
    void setAttention(const AttentionSpec& spec) override;
    AttentionSpec attention() const override { return {}; }
    std::map<std::string, std::vector<std::string>> storedAliases() const override;

    HyenaModel hyena{nullptr};
    Dense lm_head{nullptr};

private:
    HyenaConfig config_;
};

}  // namespace cb
