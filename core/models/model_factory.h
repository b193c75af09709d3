#pragma once

#include "core/models/causal_lm.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>

namespace cb {

// Builds an untrained model from a HF config.json, dispatching on `architectures[0]` or
// `model_type`; `origin` names the file in errors.
std::unique_ptr<CausalLm> createModel(const nlohmann::json& hfConfig, const std::string& origin);

}  // namespace cb
