#include "core/models/weight_init.h"
#include "core/models/gpt2.h"

#include "core/attention/full_attention.h"
#include "core/common/error.h"
#include "core/models/vocab_projection.h"

#include <ATen/ATen.h>

namespace cb {

Gpt2Conv1dImpl::Gpt2Conv1dImpl(int64_t in, int64_t out) {
    weight = register_parameter("weight", at::empty({in, out}).normal_(0.0, 0.02));
    bias = register_parameter("bias", at::zeros({out}));
}

at::Tensor Gpt2Conv1dImpl::forward(const at::Tensor& x) {
    auto sizes = x.sizes().vec();
    sizes.back() = weight.size(1);
    return at::addmm(bias, x.reshape({-1, x.size(-1)}), weight).view(sizes);
}

Gpt2AttentionImpl::Gpt2AttentionImpl(const Gpt2Config& c) : heads_(c.nHead), headDim_(c.nEmbd / c.nHead) {
    c_attn = register_module("c_attn", Gpt2Conv1d(c.nEmbd, 3 * c.nEmbd));
    c_proj = register_module("c_proj", Gpt2Conv1d(c.nEmbd, c.nEmbd));
}

at::Tensor Gpt2AttentionImpl::forward(const at::Tensor& x, const std::optional<at::Tensor>& keyValid) {
    const auto b = x.size(0), t = x.size(1);
    const auto qkv = c_attn(x).split(heads_ * headDim_, -1);
    auto heads = [&](const at::Tensor& y) { return y.view({b, t, heads_, headDim_}).transpose(1, 2); };
    const auto out = fullCausalAttention(heads(qkv[0]), heads(qkv[1]), heads(qkv[2]), keyValid);
    return c_proj(out.transpose(1, 2).reshape({b, t, heads_ * headDim_}));
}

Gpt2MlpImpl::Gpt2MlpImpl(const Gpt2Config& c) {
    c_fc = register_module("c_fc", Gpt2Conv1d(c.nEmbd, c.inner()));
    c_proj = register_module("c_proj", Gpt2Conv1d(c.inner(), c.nEmbd));
}

at::Tensor Gpt2MlpImpl::forward(const at::Tensor& x) { return c_proj(at::gelu(c_fc(x), "tanh")); }  // gelu_new

Gpt2BlockImpl::Gpt2BlockImpl(const Gpt2Config& c) {
    const auto norm = torch::nn::LayerNormOptions({c.nEmbd}).eps(c.layerNormEpsilon);
    ln_1 = register_module("ln_1", torch::nn::LayerNorm(norm));
    attn = register_module("attn", Gpt2Attention(c));
    ln_2 = register_module("ln_2", torch::nn::LayerNorm(norm));
    mlp = register_module("mlp", Gpt2Mlp(c));
}

at::Tensor Gpt2BlockImpl::forward(const at::Tensor& x, const std::optional<at::Tensor>& keyValid) {
    const auto h = x + attn(ln_1(x), keyValid);
    return h + mlp(ln_2(h));
}

Gpt2TransformerImpl::Gpt2TransformerImpl(const Gpt2Config& c) {
    wte = register_module("wte", TokenEmbedding(c.vocabSize, c.nEmbd));
    wpe = register_module("wpe", TokenEmbedding(c.nPositions, c.nEmbd));
    h = register_module("h", torch::nn::ModuleList());
    for (int i = 0; i < c.nLayer; ++i) h->push_back(Gpt2Block(c));
    ln_f = register_module("ln_f", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.nEmbd}).eps(c.layerNormEpsilon)));
}

GPT2LMHeadModel::GPT2LMHeadModel(const Gpt2Config& config) : config_(config) {
    config_.validate("GPT-2 config");
    transformer = register_module("transformer", Gpt2Transformer(config_));
    if (!config_.tieWordEmbeddings)
        lm_head = register_module("lm_head", Dense(config_.nEmbd, config_.vocabSize, false));
    if (SkipWeightInit::skipping()) return;
    torch::NoGradGuard noGrad;
    for (auto& item : named_parameters()) {
        auto& p = item.value();
        if (item.key().find("ln_") != std::string::npos)
            item.key().ends_with("weight") ? p.fill_(1.0) : p.zero_();
        else if (item.key().ends_with("bias"))
            p.zero_();
        else
            p.normal_(0.0, config_.initializerRange);
    }
}

void GPT2LMHeadModel::setAttention(const AttentionSpec& spec) {
    if (spec.kind != AttentionSpec::Kind::Full)
        throw Error("GPT-2 runs full attention only; CCA is defined for Llama models (RoPE, GQA)");
}

std::map<std::string, std::vector<std::string>> GPT2LMHeadModel::storedAliases() const {
    // save_pretrained keeps wte; safetensors' save_model (hf_ehr's uploads) keeps lm_head instead.
    if (!config_.tieWordEmbeddings) return {};
    return {{"transformer.wte.weight", {"lm_head.weight"}}};
}

at::Tensor GPT2LMHeadModel::hidden(const at::Tensor& inputIds, const ForwardOptions& options) {
    const auto b = inputIds.size(0), t = inputIds.size(1);
    if (t > config_.nPositions)
        throw Error("GPT-2 takes at most n_positions = " + std::to_string(config_.nPositions) + " tokens; got " +
                    std::to_string(t));
    // HF counts positions 0..T-1 whatever the padding; explicit ids override.
    const auto positions = options.positionIds
                               ? *options.positionIds
                               : at::arange(t, inputIds.options().dtype(at::kLong)).unsqueeze(0).expand({b, t});
    if (options.positionIds && positions.numel() > 0 && positions.max().item<int64_t>() >= config_.nPositions)
        throw Error("GPT-2 position id beyond n_positions = " + std::to_string(config_.nPositions));
    std::optional<at::Tensor> keyValid;
    if (options.attentionMask) keyValid = options.attentionMask->to(at::kBool);
    auto x = transformer->wte(inputIds) + transformer->wpe(positions);
    for (const auto& block : *transformer->h) x = block->as<Gpt2Block>()->forward(x, keyValid);
    return transformer->ln_f(x);
}

at::Tensor GPT2LMHeadModel::logits(const at::Tensor& hidden) {
    return projectToVocab(hidden, lm_head ? lm_head->weight : transformer->wte->weight);
}

}  // namespace cb
