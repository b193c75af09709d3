#pragma once

#include <string>

namespace cb {

// The short name a legend or table shows for a HF architecture class.
inline std::string architectureDisplayName(const std::string& hfClass) {
    if (hfClass == "LlamaForCausalLM") return "Llama";
    if (hfClass == "GPT2LMHeadModel") return "GPT-2";
    if (hfClass == "MambaForCausalLM") return "Mamba";
    if (hfClass == "HyenaDNAForCausalLM" || hfClass == "HyenaForCausalLM") return "Hyena";
    return hfClass;
}

}  // namespace cb
