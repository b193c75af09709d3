#include "core/models/mamba_config.h"

#include "core/common/error.h"
#include "core/models/config_fields.h"
#include "core/models/special_token_ids.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace cb {

nlohmann::json MambaConfig::toHfJson() const {
    return {{"architectures", {"MambaForCausalLM"}},
            {"model_type", "mamba"},
            {"vocab_size", vocabSize},
            {"hidden_size", hiddenSize},
            {"intermediate_size", intermediateSize},
            {"expand", intermediateSize / hiddenSize},
            {"state_size", stateSize},
            {"num_hidden_layers", numLayers},
            {"conv_kernel", convKernel},
            {"time_step_rank", timeStepRank},
            {"layer_norm_epsilon", layerNormEpsilon},
            {"use_bias", useBias},
            {"use_conv_bias", useConvBias},
            {"residual_in_fp32", residualInFp32},
            {"tie_word_embeddings", tieWordEmbeddings},
            {"hidden_act", "silu"},
            {"initializer_range", initializerRange},
            {"bos_token_id", bosTokenId},
            {"eos_token_id", eosTokenId},
            {"pad_token_id", padTokenId},
            {"torch_dtype", "float32"}};
}

MambaConfig MambaConfig::fromHfJson(const nlohmann::json& j, const std::string& origin) {
    MambaConfig c;
    try {
        c.vocabSize = configInt(j, "vocab_size", origin);
        c.hiddenSize = configInt(j, "hidden_size", origin);
        const long long expanded = static_cast<long long>(configInt(j, "expand", 2, origin)) * c.hiddenSize;
        if (expanded <= 0 || expanded > (1 << 24)) throw Error(origin + ": expand x hidden_size is out of range");
        c.intermediateSize = configInt(j, "intermediate_size", static_cast<int>(expanded), origin);
        c.stateSize = configInt(j, "state_size", c.stateSize, origin);
        c.numLayers = configInt(j, "num_hidden_layers", origin);
        c.convKernel = configInt(j, "conv_kernel", c.convKernel, origin);
        // "auto" in HF means ceil(hidden_size / 16).
        if (j.contains("time_step_rank") && j["time_step_rank"].is_string())
            c.timeStepRank = static_cast<int>(std::ceil(c.hiddenSize / 16.0));
        else
            c.timeStepRank = configInt(j, "time_step_rank", static_cast<int>(std::ceil(c.hiddenSize / 16.0)), origin);
        c.layerNormEpsilon = j.value("layer_norm_epsilon", c.layerNormEpsilon);
        c.useBias = j.value("use_bias", c.useBias);
        c.useConvBias = j.value("use_conv_bias", c.useConvBias);
        c.residualInFp32 = j.value("residual_in_fp32", c.residualInFp32);
        c.tieWordEmbeddings = j.value("tie_word_embeddings", true);
        c.initializerRange = j.value("initializer_range", c.initializerRange);
        const auto ids = SpecialTokenIds::fromHfJson(j);
        c.bosTokenId = ids.bos;
        c.eosTokenId = ids.eos;
        c.padTokenId = ids.pad;
        const std::string act = j.value("hidden_act", std::string("silu"));
        if (act != "silu") throw Error(origin + ": hidden_act '" + act + "' is not supported (silu)");
    } catch (const nlohmann::json::exception& e) {
        throw Error(origin + ": missing or malformed Mamba config field (" + e.what() + ")");
    }
    c.validate(origin);
    return c;
}

void MambaConfig::validate(const std::string& origin) const {
    if (vocabSize <= 0 || hiddenSize <= 0 || intermediateSize <= 0 || stateSize <= 0 || numLayers <= 0 ||
        convKernel <= 0 || timeStepRank <= 0)
        throw Error(origin + ": Mamba sizes must be positive");
}

}  // namespace cb
