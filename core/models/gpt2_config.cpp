#include "core/models/gpt2_config.h"

#include "core/common/error.h"
#include "core/models/config_fields.h"
#include "core/models/special_token_ids.h"

#include <nlohmann/json.hpp>

namespace cb {

nlohmann::json Gpt2Config::toHfJson() const {
    return {{"architectures", {"GPT2LMHeadModel"}},
            {"model_type", "gpt2"},
            {"vocab_size", vocabSize},
            {"n_positions", nPositions},
            {"n_ctx", nPositions},
            {"n_embd", nEmbd},
            {"n_layer", nLayer},
            {"n_head", nHead},
            {"n_inner", nInner > 0 ? nlohmann::json(nInner) : nlohmann::json()},
            {"activation_function", "gelu_new"},
            {"layer_norm_epsilon", layerNormEpsilon},
            {"tie_word_embeddings", tieWordEmbeddings},
            {"initializer_range", initializerRange},
            {"scale_attn_weights", true},
            {"scale_attn_by_inverse_layer_idx", false},
            {"reorder_and_upcast_attn", false},
            {"attn_pdrop", 0.0},
            {"embd_pdrop", 0.0},
            {"resid_pdrop", 0.0},
            {"bos_token_id", bosTokenId},
            {"eos_token_id", eosTokenId},
            {"pad_token_id", padTokenId},
            {"torch_dtype", "float32"}};
}

Gpt2Config Gpt2Config::fromHfJson(const nlohmann::json& j, const std::string& origin) {
    Gpt2Config c;
    try {
        c.vocabSize = configInt(j, "vocab_size", origin);
        c.nPositions = configInt(j, "n_positions", configInt(j, "n_ctx", c.nPositions, origin), origin);
        c.nEmbd = configInt(j, "n_embd", origin);
        c.nLayer = configInt(j, "n_layer", origin);
        c.nHead = configInt(j, "n_head", origin);
        c.nInner = j.contains("n_inner") && !j["n_inner"].is_null() ? configInt(j, "n_inner", origin) : 0;
        c.layerNormEpsilon = j.value("layer_norm_epsilon", c.layerNormEpsilon);
        c.tieWordEmbeddings = j.value("tie_word_embeddings", true);
        c.initializerRange = j.value("initializer_range", c.initializerRange);
        const auto ids = SpecialTokenIds::fromHfJson(j);
        c.bosTokenId = ids.bos;
        c.eosTokenId = ids.eos;
        c.padTokenId = ids.pad;
        const std::string activation = j.value("activation_function", std::string("gelu_new"));
        if (activation != "gelu_new") throw Error(origin + ": activation_function '" + activation + "' is not supported (gelu_new)");
        if (!j.value("scale_attn_weights", true) || j.value("scale_attn_by_inverse_layer_idx", false) ||
            j.value("reorder_and_upcast_attn", false))
            throw Error(origin + ": only GPT-2's standard attention scaling (1/sqrt(head_dim)) is supported");
    } catch (const nlohmann::json::exception& e) {
        throw Error(origin + ": missing or malformed GPT-2 config field (" + e.what() + ")");
    }
    c.validate(origin);
    return c;
}

void Gpt2Config::validate(const std::string& origin) const {
    if (vocabSize <= 0 || nPositions <= 0 || nEmbd <= 0 || nLayer <= 0 || nHead <= 0 || nInner < 0)
        throw Error(origin + ": GPT-2 sizes must be positive");
    if (nEmbd % nHead != 0) throw Error(origin + ": n_embd must be a multiple of n_head");
}

}  // namespace cb
