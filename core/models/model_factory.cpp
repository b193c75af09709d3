#include "core/models/model_factory.h"

#include "core/common/error.h"
#include "core/models/gpt2.h"
#include "core/models/hyena.h"
#include "core/models/llama.h"
#include "core/models/mamba.h"

#include <nlohmann/json.hpp>

namespace cb {

std::unique_ptr<CausalLm> createModel(const nlohmann::json& hfConfig, const std::string& origin) {
    std::string arch;
    if (hfConfig.contains("architectures") && hfConfig["architectures"].is_array() && !hfConfig["architectures"].empty())
        arch = hfConfig["architectures"][0].get<std::string>();
    const std::string type = hfConfig.value("model_type", std::string());
    if (arch == "LlamaForCausalLM" || (arch.empty() && type == "llama"))
        return std::make_unique<LlamaForCausalLM>(LlamaConfig::fromHfJson(hfConfig, origin));
    if (arch == "GPT2LMHeadModel" || (arch.empty() && type == "gpt2"))
        return std::make_unique<GPT2LMHeadModel>(Gpt2Config::fromHfJson(hfConfig, origin));
    if (arch == "MambaForCausalLM" || (arch.empty() && type == "mamba"))
        return std::make_unique<MambaForCausalLM>(MambaConfig::fromHfJson(hfConfig, origin));
    if (arch == "HyenaDNAForCausalLM" || (arch.empty() && type == "hyenadna"))
        return std::make_unique<HyenaDNAForCausalLM>(HyenaConfig::fromHfJson(hfConfig, origin));
    throw Error(origin + ": unsupported architecture '" + (arch.empty() ? type : arch) +
                "' (supported: LlamaForCausalLM, GPT2LMHeadModel, MambaForCausalLM, HyenaDNAForCausalLM)");
}

}  // namespace cb
