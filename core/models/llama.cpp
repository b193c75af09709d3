#include "core/models/weight_init.h"
#include "core/models/llama.h"
#include "core/models/vocab_projection.h"

#include "core/attention/cca_attention.h"
#include "core/attention/full_attention.h"
#include "core/common/error.h"

#include <ATen/autocast_mode.h>
#include <torch/nn/functional/activation.h>

#include <utility>

namespace cb {

RmsNormImpl::RmsNormImpl(int64_t dim, double eps) : eps_(eps) {
    weight = register_parameter("weight", torch::ones({dim}));
}

at::Tensor RmsNormImpl::forward(const at::Tensor& x) {
    // float32 activations and weight on a GPU: LibTorch's fused kernel, the same arithmetic in one
    // pass each way instead of seven, which matters in training, where every layer pays it twice.
    if (x.is_cuda() && x.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat)
        return at::rms_norm(x, {x.size(-1)}, weight, eps_);
    // Normalised in float32 whatever the activation dtype, as the reference does.
    const auto xf = x.to(at::kFloat);
    const auto normed = xf * at::rsqrt(xf.pow(2).mean(-1, true) + eps_);
    return weight * normed.to(x.scalar_type());
}

LlamaAttentionImpl::LlamaAttentionImpl(const LlamaConfig& c)
    : heads_(c.numHeads), kvHeads_(c.numKvHeads), headDim_(c.headDim) {
    q_proj = register_module("q_proj", Dense(c.hiddenSize, heads_ * headDim_, false));
    k_proj = register_module("k_proj", Dense(c.hiddenSize, kvHeads_ * headDim_, false));
    v_proj = register_module("v_proj", Dense(c.hiddenSize, kvHeads_ * headDim_, false));
    o_proj = register_module("o_proj", Dense(heads_ * headDim_, c.hiddenSize, false));
}

at::Tensor LlamaAttentionImpl::forward(const at::Tensor& x, const LayerInputs& in) {
    const auto b = x.size(0), t = x.size(1);
    auto q = q_proj(x).view({b, t, heads_, headDim_}).transpose(1, 2);
    auto k = k_proj(x).view({b, t, kvHeads_, headDim_}).transpose(1, 2);
    auto v = v_proj(x).view({b, t, kvHeads_, headDim_}).transpose(1, 2);
    q = RotaryEmbedding::apply(q, in.cos, in.sin);
    k = RotaryEmbedding::apply(k, in.cos, in.sin);
    k = expandKvHeads(k, heads_ / kvHeads_);
    v = expandKvHeads(v, heads_ / kvHeads_);
    at::Tensor out;
    if (in.attention.kind == AttentionSpec::Kind::Cca) {
        // CCA is causal with its own masks; right padding never reaches earlier positions, left
        // padding would need a third mask the algorithm does not define.
        if (in.keyValid) throw Error("CCA attention does not take a padding mask: pad sequences on the right");
        out = ccaAttentionOverQueries(std::move(q), k, v, in.attention.groupSize, in.attention.localWindow);  // q dies here
    } else {
        out = fullCausalAttention(q, k, v, in.keyValid);
    }
    return o_proj(out.transpose(1, 2).reshape({b, t, heads_ * headDim_}));
}

LlamaMlpImpl::LlamaMlpImpl(const LlamaConfig& c) {
    gate_proj = register_module("gate_proj", Dense(c.hiddenSize, c.intermediateSize, false));
    up_proj = register_module("up_proj", Dense(c.hiddenSize, c.intermediateSize, false));
    down_proj = register_module("down_proj", Dense(c.intermediateSize, c.hiddenSize, false));
}

at::Tensor LlamaMlpImpl::forward(const at::Tensor& x) {
    return down_proj(torch::nn::functional::silu(gate_proj(x)) * up_proj(x));
}

LlamaDecoderLayerImpl::LlamaDecoderLayerImpl(const LlamaConfig& c) {
    self_attn = register_module("self_attn", LlamaAttention(c));
    mlp = register_module("mlp", LlamaMlp(c));
    input_layernorm = register_module("input_layernorm", RmsNorm(c.hiddenSize, c.rmsNormEps));
    post_attention_layernorm = register_module("post_attention_layernorm", RmsNorm(c.hiddenSize, c.rmsNormEps));
}

at::Tensor LlamaDecoderLayerImpl::forward(const at::Tensor& x, const LayerInputs& in) {
    const auto h = x + self_attn(input_layernorm(x), in);
    return h + mlp(post_attention_layernorm(h));
}

LlamaBackboneImpl::LlamaBackboneImpl(const LlamaConfig& c) {
    embed_tokens = register_module("embed_tokens", TokenEmbedding(c.vocabSize, c.hiddenSize));
    layers = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < c.numLayers; ++i) layers->push_back(LlamaDecoderLayer(c));
    norm = register_module("norm", RmsNorm(c.hiddenSize, c.rmsNormEps));
}

LlamaForCausalLM::LlamaForCausalLM(const LlamaConfig& config) : config_(config), rope_(config) {
    config_.validate("Llama config");
    model = register_module("model", LlamaBackbone(config_));
    if (!config_.tieWordEmbeddings)
        lm_head = register_module("lm_head", Dense(config_.hiddenSize, config_.vocabSize, false));
    if (!SkipWeightInit::skipping()) initializeWeights();
}

void LlamaForCausalLM::initializeWeights() {
    torch::NoGradGuard noGrad;
    for (auto& item : named_parameters()) {
        auto& p = item.value();
        if (item.key().find("norm") != std::string::npos)
            p.fill_(1.0);
        else
            p.normal_(0.0, config_.initializerRange);
    }
}

at::Tensor LlamaForCausalLM::hidden(const at::Tensor& inputIds, const ForwardOptions& options) {
    const auto b = inputIds.size(0), t = inputIds.size(1);
    const auto positions = options.positionIds
                               ? *options.positionIds
                               : at::arange(t, inputIds.options().dtype(at::kLong)).unsqueeze(0).expand({b, t});
    auto [cos, sin] = rope_.cosSin(positions);
    if (at::autocast::is_autocast_enabled(inputIds.device().type())) {
        // Under autocast q and k come out of their projections in the autocast dtype: cast the
        // rotation once here rather than twice in every layer.
        const auto dtype = at::autocast::get_autocast_dtype(inputIds.device().type());
        cos = cos.to(dtype);
        sin = sin.to(dtype);
    }
    LayerInputs in{cos, sin, std::nullopt, attention_};
    if (options.attentionMask) in.keyValid = options.attentionMask->to(at::kBool);

    auto x = model->embed_tokens(inputIds);
    for (const auto& layer : *model->layers) x = layer->as<LlamaDecoderLayer>()->forward(x, in);
    return model->norm(x);
}

at::Tensor LlamaForCausalLM::logits(const at::Tensor& hidden) {
    if (lm_head && lm_head->delta) return lm_head(hidden);  // an adapter on the head rides in Dense
    return projectToVocab(hidden, lm_head ? lm_head->weight : model->embed_tokens->weight);
}

}  // namespace cb
