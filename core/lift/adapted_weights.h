#pragma once

#include <ATen/core/Tensor.h>

#include <map>
#include <string>

namespace cb {

class CausalLm;
class LoraAttachment;

// What a LIFT run changed, kept apart from the model (which is restored after the run): the adapted
// value of every parameter that differs, by name, on the CPU. LoRA adapters are stored merged.
struct AdaptedWeights {
    std::string method;  // "lora-r16", "full"
    std::map<std::string, at::Tensor> replaced;

    bool empty() const { return replaced.empty(); }
    static AdaptedWeights fromLora(const LoraAttachment& lora, int rank);
    static AdaptedWeights fromModel(CausalLm& model);  // full fine-tuning: every parameter
};

// Writes the base model with `adapted` swapped in as a new checkpoint folder (with the text model's
// tokenizer.json); the model in memory is left as it was.
void saveAdaptedModel(CausalLm& model, const AdaptedWeights& adapted, const std::string& tokenizerJson, const std::string& dir);

}  // namespace cb
