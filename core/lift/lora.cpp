#include "core/lift/lora.h"

#include "core/models/causal_lm.h"
#include "core/models/layers.h"

#include <torch/nn/module.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cb {
namespace {

std::string lastComponent(const std::string& name) {
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

}  // namespace

LoraAttachment::LoraAttachment(CausalLm& model, int rank, double alpha, std::uint64_t seed,
                               const std::vector<std::string>& targets) {
    if (rank < 1) throw std::invalid_argument("LoRA rank must be at least 1, got " + std::to_string(rank));
    auto& module = model.module();
    for (const auto& item : module.named_modules("", /*include_self=*/false)) {
        auto dense = std::dynamic_pointer_cast<DenseImpl>(item.value());
        if (!dense) continue;
        if (std::find(targets.begin(), targets.end(), lastComponent(item.key())) == targets.end()) continue;
        if (dense->delta) throw std::logic_error("LoRA is already attached to " + item.key());
        adapted_.push_back({item.key(), dense, nullptr});
    }
    if (adapted_.empty()) {
        std::string names;
        for (const auto& t : targets) names += (names.empty() ? "" : "/") + t;
        throw std::invalid_argument("LoRA targets the " + names + " projections, which this " + model.architecture() +
                                    " model does not have; use full fine-tuning instead");
    }
    for (auto& p : module.parameters()) {
        frozen_.emplace_back(p, p.requires_grad());
        p.set_requires_grad(false);
    }
    // PEFT's initialisation: A ~ U(+-1/sqrt(in)) (kaiming-uniform with a = sqrt(5)), B = 0, so the
    // adapted model starts exactly at the base model.
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (auto& a : adapted_) {
        const auto& w = a.layer->weight;
        const auto in = w.size(1), out = w.size(0);
        const double bound = 1.0 / std::sqrt(static_cast<double>(in));
        auto delta = std::make_shared<LowRankDelta>();
        delta->a = at::empty({rank, in}, at::kFloat).uniform_(-bound, bound, generator).to(w.options()).set_requires_grad(true);
        delta->b = at::zeros({out, rank}, w.options()).set_requires_grad(true);
        delta->scale = alpha / rank;
        a.delta = delta;
        a.layer->delta = delta;
    }
}

LoraAttachment::~LoraAttachment() {
    for (auto& a : adapted_) a.layer->delta.reset();
    for (auto& [p, flag] : frozen_) p.set_requires_grad(flag);
}

std::vector<at::Tensor> LoraAttachment::parameters() const {
    std::vector<at::Tensor> out;
    for (const auto& a : adapted_) {
        out.push_back(a.delta->a);
        out.push_back(a.delta->b);
    }
    return out;
}

std::int64_t LoraAttachment::trainableCount() const {
    std::int64_t n = 0;
    for (const auto& p : parameters()) n += p.numel();
    return n;
}

std::map<std::string, at::Tensor> LoraAttachment::mergedWeights() const {
    at::NoGradGuard noGrad;
    std::map<std::string, at::Tensor> out;
    for (const auto& a : adapted_) {
        const auto& w = a.layer->weight;
        const auto update = at::matmul(a.delta->b.to(at::kFloat), a.delta->a.to(at::kFloat)).mul_(a.delta->scale);
        out[a.name + ".weight"] = (w.to(at::kFloat) + update).to(w.scalar_type()).to(at::kCPU);
    }
    return out;
}

}  // namespace cb
