#pragma once

#include "core/common/error.h"

#include <string>
#include <vector>

namespace cb {

// The short name a legend or table shows for a HF architecture class.
inline std::string architectureDisplayName(const std::string& hfClass) {
    if (hfClass == "LlamaForCausalLM") return "Llama";
    if (hfClass == "GPT2LMHeadModel") return "GPT-2";
    if (hfClass == "MambaForCausalLM") return "Mamba";
    if (hfClass == "HyenaDNAForCausalLM" || hfClass == "HyenaForCausalLM") return "Hyena";
    return hfClass;
}

// The architectures ContextBench pretrains, by short name.
inline const std::vector<std::string>& pretrainableArchitectures() {
    static const std::vector<std::string> names{"llama", "gpt2", "mamba", "hyena"};
    return names;
}

// "llama" -> "LlamaForCausalLM"; throws naming the known ones for anything else.
inline std::string hfArchitectureOf(const std::string& shortName) {
    if (shortName == "llama") return "LlamaForCausalLM";
    if (shortName == "gpt2") return "GPT2LMHeadModel";
    if (shortName == "mamba") return "MambaForCausalLM";
    if (shortName == "hyena") return "HyenaDNAForCausalLM";
    throw Error("unknown architecture '" + shortName + "' (expected llama, gpt2, mamba or hyena)");
}

}  // namespace cb
