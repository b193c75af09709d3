#include "core/models/model_factory.h"

#include "core/common/error.h"
#include "core/models/llama.h"

#include <nlohmann/json.hpp>

namespace cb {

std::unique_ptr<CausalLm> createModel(const nlohmann::json& hfConfig, const std::string& origin) {
    std::string arch;
    if (hfConfig.contains("architectures") && hfConfig["architectures"].is_array() && !hfConfig["architectures"].empty())
        arch = hfConfig["architectures"][0].get<std::string>();
    const std::string type = hfConfig.value("model_type", std::string());
    if (arch == "LlamaForCausalLM" || (arch.empty() && type == "llama"))
        return std::make_unique<LlamaForCausalLM>(LlamaConfig::fromHfJson(hfConfig, origin));
    throw Error(origin + ": unsupported architecture '" + (arch.empty() ? type : arch) + "' (supported: LlamaForCausalLM)");
}

}  // namespace cb
