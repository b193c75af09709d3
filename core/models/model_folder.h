#pragma once

#include "core/models/causal_lm.h"
#include "core/store/result_store.h"

#include <nlohmann/json.hpp>

#include <c10/core/Device.h>

#include <memory>
#include <optional>
#include <string>

namespace cb {

class Vocabulary;

// A HF model folder opened for use: the model, what it is, and its CLMBR vocabulary when the folder
// has a tokenizer_config.json.
struct OpenedModel {
    std::unique_ptr<CausalLm> model;
    std::string folder;
    std::string architecture;
    std::int64_t parameters = 0;
    int contextLimit = 0;       // 0: no hard limit (RoPE, recurrent)
    std::string storedDtype;    // e.g. "F32", "BF16", or "F32+BF16"
    std::uint64_t weightBytes = 0;
    double loadSeconds = 0.0;
    std::shared_ptr<Vocabulary> vocabulary;  // null without tokenizer_config.json

    nlohmann::json describe() const;  // what `model info --json` prints
};

OpenedModel openModelFolder(const std::string& dir, const c10::Device& device);

// How the result store records a model read from a folder rather than trained here: keyed by its
// weights, so the same weights under another folder name are the same model.
ModelRecord folderModelRecord(CausalLm& model, const std::string& dir, const std::string& weightsHash,
                              const std::string& cohortHash);

}  // namespace cb
