#include "core/models/weight_init.h"
#include "core/models/mamba.h"

#include "core/common/error.h"
#include "core/models/vocab_projection.h"
#include "core/models/selective_scan.h"

#include <ATen/ATen.h>

#include <cmath>

namespace cb {

MambaMixerImpl::MambaMixerImpl(const MambaConfig& c)
    : inner_(c.intermediateSize), states_(c.stateSize), rank_(c.timeStepRank), kernel_(c.convKernel) {
    in_proj = register_module("in_proj", Dense(c.hiddenSize, 2 * inner_, c.useBias));
    // Causal: pad K-1 on both sides and keep the first T outputs.
    conv1d = register_module(
        "conv1d", torch::nn::Conv1d(torch::nn::Conv1dOptions(inner_, inner_, kernel_).groups(inner_).padding(kernel_ - 1).bias(c.useConvBias)));
    x_proj = register_module("x_proj", Dense(inner_, rank_ + 2 * states_, false));
    dt_proj = register_module("dt_proj", Dense(rank_, inner_, true));
    // S4D-real initialisation, as the reference: A = -(1..N) per channel, D = 1.
    A_log = register_parameter("A_log", at::log(at::arange(1, states_ + 1, at::kFloat)).expand({inner_, states_}).contiguous());
    D = register_parameter("D", at::ones({inner_}));
    out_proj = register_module("out_proj", Dense(inner_, c.hiddenSize, c.useBias));
}

at::Tensor MambaMixerImpl::forward(const at::Tensor& x, const std::optional<at::Tensor>& mask) {
    const auto t = x.size(1);
    const auto projected = in_proj(x).chunk(2, -1);
    auto u = projected[0], z = projected[1];
    if (mask) u = u * mask->unsqueeze(-1);
    u = conv1d(u.transpose(1, 2)).narrow(2, 0, t).transpose(1, 2);
    u = at::silu(u);
    if (mask) u = u * mask->unsqueeze(-1);
    const auto parts = x_proj(u).split({rank_, states_, states_}, -1);
    const auto delta = at::softplus(dt_proj(parts[0]));
    const auto A = -at::exp(A_log.to(at::kFloat));
    auto y = selectiveScan(u, delta, A, parts[1], parts[2], D).to(x.scalar_type());
    return out_proj(y * at::silu(z));
}

MambaBlockImpl::MambaBlockImpl(const MambaConfig& c) : residualInFp32_(c.residualInFp32) {
    norm = register_module("norm", RmsNorm(c.hiddenSize, c.layerNormEpsilon));
    mixer = register_module("mixer", MambaMixer(c));
}

at::Tensor MambaBlockImpl::forward(const at::Tensor& x, const std::optional<at::Tensor>& mask) {
    const auto residual = residualInFp32_ ? x.to(at::kFloat) : x;
    const auto out = mixer(norm(x), mask);
    return (residual + out).to(x.scalar_type());
}

MambaBackboneImpl::MambaBackboneImpl(const MambaConfig& c) {
    embeddings = register_module("embeddings", TokenEmbedding(c.vocabSize, c.hiddenSize));
    layers = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < c.numLayers; ++i) layers->push_back(MambaBlock(c));
    norm_f = register_module("norm_f", RmsNorm(c.hiddenSize, c.layerNormEpsilon));
}

MambaForCausalLM::MambaForCausalLM(const MambaConfig& config) : config_(config) {
    config_.validate("Mamba config");
    backbone = register_module("backbone", MambaBackbone(config_));
    if (!config_.tieWordEmbeddings)
        lm_head = register_module("lm_head", Dense(config_.hiddenSize, config_.vocabSize, false));
    if (SkipWeightInit::skipping()) return;
    torch::NoGradGuard noGrad;
    for (auto& item : named_parameters()) {
        const auto& name = item.key();
        auto& p = item.value();
        if (name.ends_with("norm.weight") || name.ends_with("norm_f.weight"))
            p.fill_(1.0);
        else if (name.ends_with("embeddings.weight") || name.ends_with("lm_head.weight") || name.ends_with("proj.weight"))
            p.normal_(0.0, config_.initializerRange);
        else if (name.ends_with("dt_proj.bias"))
            // Inverse softplus of time steps log-uniform in [1e-3, 1e-1], as the reference initialises them.
            p.copy_(at::exp(at::empty_like(p).uniform_(std::log(1e-3), std::log(1e-1))).expm1().log());
    }
}

void MambaForCausalLM::setAttention(const AttentionSpec& spec) {
    if (spec.kind != AttentionSpec::Kind::Full) throw Error("Mamba has no attention; CCA applies to Llama models");
}

std::map<std::string, std::vector<std::string>> MambaForCausalLM::storedAliases() const {
    if (!config_.tieWordEmbeddings) return {};
    return {{"backbone.embeddings.weight", {"lm_head.weight"}}};
}

at::Tensor MambaForCausalLM::hidden(const at::Tensor& inputIds, const ForwardOptions& options) {
    std::optional<at::Tensor> mask;
    auto x = backbone->embeddings(inputIds);
    if (options.attentionMask) mask = options.attentionMask->to(x.scalar_type());
    for (const auto& layer : *backbone->layers) x = layer->as<MambaBlock>()->forward(x, mask);
    return backbone->norm_f(x);
}

at::Tensor MambaForCausalLM::logits(const at::Tensor& hidden) {
    return projectToVocab(hidden, lm_head ? lm_head->weight : backbone->embeddings->weight);
}

}  // namespace cb
