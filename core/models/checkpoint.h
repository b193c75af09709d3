#pragma once

#include "core/models/causal_lm.h"

#include <c10/core/Device.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace cb {

class Vocabulary;

// A HF model folder: config.json + model.safetensors (+ tokenizer_config.json when a vocabulary is
// given). Written into a temporary sibling folder and renamed, so a folder that exists is complete.
// `extraFiles` (name -> contents, e.g. a text model's tokenizer.json) are written into the same
// staging folder, so they appear together with the weights.
void saveCheckpoint(CausalLm& model, const std::string& dir, const Vocabulary* vocab,
                    const std::map<std::string, std::string>& extraFiles = {});

// Loads config.json and model.safetensors; every parameter must be present with its shape, and
// unknown tensors are errors, each naming the tensor.
// What the stored files hold, for callers that describe a model: filled while loading, so the
// weights are mapped and read once.
struct StoredWeights {
    std::string dtypes;  // e.g. "F32", or "BF16+F32" when mixed
    std::uint64_t bytes = 0;
};
std::unique_ptr<CausalLm> loadCheckpoint(const std::string& dir, const c10::Device& device, StoredWeights* stored = nullptr);

}  // namespace cb
