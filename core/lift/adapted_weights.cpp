#include "core/lift/adapted_weights.h"

#include "core/lift/lora.h"
#include "core/lift/weight_snapshot.h"
#include "core/models/causal_lm.h"
#include "core/models/checkpoint.h"

#include <torch/nn/module.h>

#include <stdexcept>

namespace cb {

AdaptedWeights AdaptedWeights::fromLora(const LoraAttachment& lora, int rank) {
    return {"lora-r" + std::to_string(rank), lora.mergedWeights()};
}

AdaptedWeights AdaptedWeights::fromModel(CausalLm& model) {
    AdaptedWeights out{"full", {}};
    at::NoGradGuard noGrad;
    for (const auto& item : model.module().named_parameters()) out.replaced[item.key()] = item.value().detach().to(at::kCPU).clone();
    return out;
}

void saveAdaptedModel(CausalLm& model, const AdaptedWeights& adapted, const std::string& tokenizerJson, const std::string& dir) {
    if (adapted.empty()) throw std::invalid_argument("there are no adapted weights to save: run LIFT first");
    auto parameters = model.module().named_parameters();
    const WeightSnapshot restore(model.module());
    {
        at::NoGradGuard noGrad;
        for (const auto& [name, value] : adapted.replaced) {
            auto* live = parameters.find(name);
            if (!live) throw std::invalid_argument("adapted weight '" + name + "' is not a parameter of this model");
            live->copy_(value);
        }
    }
    saveCheckpoint(model, dir, nullptr, {{"tokenizer.json", tokenizerJson}});
}

}  // namespace cb
