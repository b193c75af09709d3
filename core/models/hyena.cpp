#include "core/models/weight_init.h"
#include "core/models/hyena.h"

#include "core/common/error.h"

#include <ATen/ATen.h>

#include <cmath>
#include <numbers>

namespace cb {

HyenaSinImpl::HyenaSinImpl(at::Tensor freq, bool owner) : freq_(std::move(freq)) {
    if (owner) register_parameter("freq", freq_);
}

HyenaPositionalEmbeddingImpl::HyenaPositionalEmbeddingImpl(int embDim, int maxSeqLen) {
    // t in [0, 1]; then `bands` complex exponentials exp(-i f w) of w = 2 pi k / Lmax, split into their
    // real and imaginary parts.
    const auto tt = at::linspace(0, 1, maxSeqLen, at::kFloat).view({1, maxSeqLen, 1});
    const int bands = (embDim - 1) / 2;
    const auto w = (2 * std::numbers::pi * at::linspace(0, maxSeqLen - 1, maxSeqLen, at::kDouble) / maxSeqLen).view({1, maxSeqLen, 1});
    const auto f = at::linspace(1e-4, bands - 1, bands, at::kDouble).view({1, 1, bands});
    const auto angle = -f * w;
    z = register_buffer("z", at::cat({tt, at::cos(angle).to(at::kFloat), at::sin(angle).to(at::kFloat)}, -1));
    t = register_buffer("t", tt);
}

HyenaModulationImpl::HyenaModulationImpl(int dModel) {
    // Decay rates spread between a slow and a fast decay to 1% over the filter.
    const double target = 1e-2, fast = 0.3, slow = 1.5;
    deltas = register_buffer("deltas", at::linspace(std::log(target) / slow, std::log(target) / fast, dModel, at::kFloat).view({1, 1, dModel}));
}

HyenaFilterImpl::HyenaFilterImpl(const HyenaConfig& c) {
    bias = register_parameter("bias", at::randn({c.dModel}));
    pos_emb = register_module("pos_emb", HyenaPositionalEmbedding(c.embDim, c.maxSeqLen));
    implicit_filter = register_module("implicit_filter", torch::nn::ModuleList());
    const auto freq = at::full({1, c.filterOrder}, c.activationFreq, at::kFloat);
    implicit_filter->push_back(Dense(c.embDim, c.filterOrder));
    implicit_filter->push_back(HyenaSin(freq, true));
    for (int i = 0; i < c.numInnerMlps; ++i) {
        implicit_filter->push_back(Dense(c.filterOrder, c.filterOrder));
        implicit_filter->push_back(HyenaSin(freq, false));
    }
    implicit_filter->push_back(Dense(c.filterOrder, c.dModel, false));
    modulation = register_module("modulation", HyenaModulation(c.dModel));
}

std::int64_t HyenaFilterImpl::weightsVersion() const {
    std::int64_t version = 0;
    for (const auto& p : parameters()) version += static_cast<std::int64_t>(p._version()) + reinterpret_cast<std::intptr_t>(p.data_ptr());
    for (const auto& b : buffers()) version += static_cast<std::int64_t>(b._version()) + reinterpret_cast<std::intptr_t>(b.data_ptr());
    return version;
}

at::Tensor HyenaFilterImpl::filter(int64_t length) {
    if (at::GradMode::is_enabled()) {
        cached_ = at::Tensor();
        return compute(length);
    }
    const auto version = weightsVersion();
    if (!cached_.defined() || version != cachedVersion_ || cached_.size(0) < length) {
        cached_ = compute(pos_emb->z.size(1));  // every length up to max_seq_len at once
        cachedVersion_ = version;
    }
    return cached_.narrow(0, 0, length);
}

at::Tensor HyenaFilterImpl::compute(int64_t length) {
    auto h = pos_emb->z.narrow(1, 0, length);
    for (const auto& layer : *implicit_filter) {
        if (auto* linear = layer->as<Dense>())
            h = linear->forward(h);
        else
            h = layer->as<HyenaSin>()->forward(h);
    }
    const auto decay = at::exp(-pos_emb->t.narrow(1, 0, length) * modulation->deltas.abs());
    return (h * (decay + 0.05)).squeeze(0);  // [L, D]
}

HyenaOperatorImpl::HyenaOperatorImpl(const HyenaConfig& c) : d_(c.dModel) {
    in_proj = register_module("in_proj", Dense(c.dModel, 3 * c.dModel));
    out_proj = register_module("out_proj", Dense(c.dModel, c.dModel));
    // Depthwise, kernel 3 padded by 2 on both sides: the first L outputs are causal.
    short_filter = register_module(
        "short_filter", torch::nn::Conv1d(torch::nn::Conv1dOptions(3 * c.dModel, 3 * c.dModel, 3).groups(3 * c.dModel).padding(2)));
    filter_fn = register_module("filter_fn", HyenaFilter(c));
}

at::Tensor HyenaOperatorImpl::forward(const at::Tensor& x) {
    const auto length = x.size(1);
    const auto s = short_filter(in_proj(x).transpose(1, 2)).narrow(2, 0, length);  // [B, 3D, L]
    const auto parts = s.split(d_, 1);
    const auto v = (parts[2] * parts[1]).to(at::kFloat);
    // Causal long convolution through an FFT of twice the length (no wrap-around), plus the skip.
    const auto k = filter_fn->filter(length).t().to(at::kFloat);  // [D, L]
    const auto n = 2 * length;
    const auto y = at::fft_irfft(at::fft_rfft(v, n) * at::fft_rfft(k, n), n).narrow(-1, 0, length) +
                   v * filter_fn->bias.to(at::kFloat).unsqueeze(-1);
    return out_proj((y.to(x.scalar_type()) * parts[0]).transpose(1, 2));
}

HyenaMlpImpl::HyenaMlpImpl(const HyenaConfig& c) {
    fc1 = register_module("fc1", Dense(c.dModel, c.dInner));
    fc2 = register_module("fc2", Dense(c.dInner, c.dModel));
}

HyenaBlockImpl::HyenaBlockImpl(const HyenaConfig& c) {
    // The port builds both block norms with the default eps whatever the config says.
    norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.dModel}).eps(1e-5)));
    mixer = register_module("mixer", HyenaOperator(c));
    norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.dModel}).eps(1e-5)));
    mlp = register_module("mlp", HyenaMlp(c));
}

at::Tensor HyenaBlockImpl::forward(const at::Tensor& x) {
    const auto h = x + mixer(norm1(x));
    return h + mlp(norm2(h));
}

HyenaEmbeddingsImpl::HyenaEmbeddingsImpl(const HyenaConfig& c) {
    word_embeddings = register_module("word_embeddings", TokenEmbedding(c.paddedVocab(), c.dModel));
}

HyenaBackboneImpl::HyenaBackboneImpl(const HyenaConfig& c) {
    embeddings = register_module("embeddings", HyenaEmbeddings(c));
    layers = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < c.nLayer; ++i) layers->push_back(HyenaBlock(c));
    ln_f = register_module("ln_f", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.dModel}).eps(c.layerNormEpsilon)));
}

HyenaModelImpl::HyenaModelImpl(const HyenaConfig& c) { backbone = register_module("backbone", HyenaBackbone(c)); }

HyenaDNAForCausalLM::HyenaDNAForCausalLM(const HyenaConfig& config) : config_(config) {
    config_.validate("HyenaDNA config");
    hyena = register_module("hyena", HyenaModel(config_));
    lm_head = register_module("lm_head", Dense(config_.dModel, config_.paddedVocab(), false));
    if (SkipWeightInit::skipping()) return;
    torch::NoGradGuard noGrad;
    for (auto& item : named_parameters()) {
        const auto& name = item.key();
        if (name.find("implicit_filter") != std::string::npos || name.find("filter_fn.bias") != std::string::npos ||
            name.find("short_filter") != std::string::npos)
            continue;  // keep the filter's own initialisation
        auto& p = item.value();
        if (name.find("norm") != std::string::npos || name.find("ln_f") != std::string::npos)
            name.ends_with("weight") ? p.fill_(1.0) : p.zero_();
        else if (name.ends_with("bias"))
            p.zero_();
        else
            p.normal_(0.0, config_.initializerRange);
    }
}

void HyenaDNAForCausalLM::setAttention(const AttentionSpec& spec) {
    if (spec.kind != AttentionSpec::Kind::Full) throw Error("HyenaDNA has no attention; CCA applies to Llama models");
}

std::map<std::string, std::vector<std::string>> HyenaDNAForCausalLM::storedAliases() const {
    // Every Sin of a filter shares the first one's frequencies; writers store them under each name or
    // (safetensors' save_model) under the first only.
    std::map<std::string, std::vector<std::string>> aliases;
    for (int layer = 0; layer < config_.nLayer; ++layer) {
        const std::string prefix = "hyena.backbone.layers." + std::to_string(layer) + ".mixer.filter_fn.implicit_filter.";
        auto& names = aliases[prefix + "1.freq"];
        for (int i = 1; i <= config_.numInnerMlps; ++i) names.push_back(prefix + std::to_string(1 + 2 * i) + ".freq");
    }
    return aliases;
}

at::Tensor HyenaDNAForCausalLM::hidden(const at::Tensor& inputIds, const ForwardOptions&) {
    if (inputIds.size(1) > config_.maxSeqLen)
        throw Error("HyenaDNA's filters are defined up to max_seq_len = " + std::to_string(config_.maxSeqLen) +
                    " tokens; got " + std::to_string(inputIds.size(1)));
    auto x = hyena->backbone->embeddings->word_embeddings(inputIds);
    for (const auto& layer : *hyena->backbone->layers) x = layer->as<HyenaBlock>()->forward(x);
    return hyena->backbone->ln_f(x);
}

at::Tensor HyenaDNAForCausalLM::logits(const at::Tensor& hidden) {
    // hf_ehr trims the padded rows off the released heads; a padded head keeps them, never predicted.
    return lm_head(hidden).narrow(-1, 0, config_.vocabSize);
}

}  // namespace cb
