#include "core/models/llama_config.h"

#include "core/common/error.h"
#include "core/models/config_fields.h"
#include "core/models/special_token_ids.h"
#include "core/common/json_file.h"

#include <nlohmann/json.hpp>


namespace cb {

nlohmann::json LlamaConfig::toHfJson() const {
    nlohmann::json j = {
        {"architectures", {"LlamaForCausalLM"}},
        {"model_type", "llama"},
        {"vocab_size", vocabSize},
        {"hidden_size", hiddenSize},
        {"intermediate_size", intermediateSize},
        {"num_hidden_layers", numLayers},
        {"num_attention_heads", numHeads},
        {"num_key_value_heads", numKvHeads},
        {"head_dim", headDim},
        {"max_position_embeddings", maxPositionEmbeddings},
        {"rms_norm_eps", rmsNormEps},
        {"rope_theta", ropeTheta},
        {"tie_word_embeddings", tieWordEmbeddings},
        {"bos_token_id", bosTokenId},
        {"eos_token_id", eosTokenId},
        {"pad_token_id", padTokenId},
        {"hidden_act", "silu"},
        {"attention_bias", false},
        {"attention_dropout", 0.0},
        {"mlp_bias", false},
        {"initializer_range", initializerRange},
        {"pretraining_tp", 1},
        {"torch_dtype", "float32"},
        {"use_cache", true},
    };
    if (ropeScaling) {
        j["rope_scaling"] = {{"rope_type", "llama3"},
                             {"factor", ropeScaling->factor},
                             {"low_freq_factor", ropeScaling->lowFreqFactor},
                             {"high_freq_factor", ropeScaling->highFreqFactor},
                             {"original_max_position_embeddings", ropeScaling->originalMaxPositionEmbeddings}};
    } else {
        j["rope_scaling"] = nullptr;
    }
    return j;
}

LlamaConfig LlamaConfig::fromHfJson(const nlohmann::json& j, const std::string& origin) {
    LlamaConfig c;
    try {
        c.vocabSize = configInt(j, "vocab_size", origin);
        c.hiddenSize = configInt(j, "hidden_size", origin);
        c.intermediateSize = configInt(j, "intermediate_size", origin);
        c.numLayers = configInt(j, "num_hidden_layers", origin);
        c.numHeads = configInt(j, "num_attention_heads", origin);
        c.numKvHeads = configInt(j, "num_key_value_heads", c.numHeads, origin);
        c.headDim = j.contains("head_dim") && !j["head_dim"].is_null() ? configInt(j, "head_dim", origin) : (c.numHeads > 0 ? c.hiddenSize / c.numHeads : 0);  // 0 fails validation
        c.maxPositionEmbeddings = configInt(j, "max_position_embeddings", c.maxPositionEmbeddings, origin);
        c.rmsNormEps = j.value("rms_norm_eps", c.rmsNormEps);
        c.tieWordEmbeddings = j.value("tie_word_embeddings", false);
        c.initializerRange = j.value("initializer_range", c.initializerRange);
        const auto ids = SpecialTokenIds::fromHfJson(j);
        c.bosTokenId = ids.bos;
        c.eosTokenId = ids.eos;
        c.padTokenId = ids.pad;

        // transformers 5 moves rope settings into `rope_parameters`; older files use rope_theta and
        // rope_scaling (whose type key was once `type`).
        nlohmann::json scaling = j.contains("rope_scaling") ? j["rope_scaling"] : nlohmann::json();
        c.ropeTheta = j.value("rope_theta", c.ropeTheta);
        if (j.contains("rope_parameters") && j["rope_parameters"].is_object()) {
            scaling = j["rope_parameters"];
            c.ropeTheta = scaling.value("rope_theta", c.ropeTheta);
        }
        if (scaling.is_object()) {
            const std::string type = scaling.value("rope_type", scaling.value("type", std::string("default")));
            if (type == "llama3") {
                Llama3RopeScaling s;
                s.factor = scaling.at("factor").get<double>();
                s.lowFreqFactor = scaling.at("low_freq_factor").get<double>();
                s.highFreqFactor = scaling.at("high_freq_factor").get<double>();
                s.originalMaxPositionEmbeddings = configInt(scaling, "original_max_position_embeddings", origin);
                c.ropeScaling = s;
            } else if (type != "default") {
                throw Error(origin + ": rope scaling type '" + type + "' is not supported (only llama3)");
            }
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(origin + ": missing or malformed Llama config field (" + e.what() + ")");
    }
    c.validate(origin);
    return c;
}

LlamaConfig LlamaConfig::load(const std::string& path) {
    return fromHfJson(readJsonFile(path, "model config"), path);
}

void LlamaConfig::validate(const std::string& origin) const {
    auto require = [&](bool ok, const std::string& what) {
        if (!ok) throw Error(origin + ": " + what);
    };
    require(vocabSize > 0 && hiddenSize > 0 && intermediateSize > 0 && numLayers > 0, "sizes must be positive");
    require(numHeads > 0 && numKvHeads > 0 && numHeads % numKvHeads == 0,
            "num_attention_heads must be a multiple of num_key_value_heads");
    require(headDim > 0 && headDim % 2 == 0, "head_dim must be even (rotary embedding)");
    require(maxPositionEmbeddings > 0, "max_position_embeddings must be positive");
}

}  // namespace cb
