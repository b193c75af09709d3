#include "core/models/hyena_config.h"

#include "core/common/error.h"
#include "core/models/config_fields.h"
#include "core/models/special_token_ids.h"

#include <nlohmann/json.hpp>

namespace cb {

int HyenaConfig::paddedVocab() const {
    const int m = padVocabSizeMultiple > 0 ? padVocabSizeMultiple : 1;
    return (vocabSize + m - 1) / m * m;
}

nlohmann::json HyenaConfig::toHfJson() const {
    return {{"architectures", {"HyenaDNAForCausalLM"}},
            {"model_type", "hyenadna"},
            {"auto_map",
             {{"AutoConfig", "configuration_hyena.HyenaConfig"},
              {"AutoModel", "modeling_hyena.HyenaDNAModel"},
              {"AutoModelForCausalLM", "modeling_hyena.HyenaDNAForCausalLM"}}},
            {"vocab_size", vocabSize},
            {"d_model", dModel},
            {"d_inner", dInner},
            {"n_layer", nLayer},
            {"max_seq_len", maxSeqLen},
            {"emb_dim", embDim},
            {"filter_order", filterOrder},
            {"short_filter_order", shortFilterOrder},
            {"num_inner_mlps", numInnerMlps},
            {"hyena_order", hyenaOrder},
            {"activation_freq", activationFreq},
            {"train_freq", true},
            {"use_bias", true},
            {"layer_norm_epsilon", layerNormEpsilon},
            {"pad_vocab_size_multiple", padVocabSizeMultiple},
            {"tie_word_embeddings", tieWordEmbeddings},
            {"initializer_range", initializerRange},
            {"embed_dropout", 0.0},
            {"hyena_dropout", 0.0},
            {"hyena_filter_dropout", 0.0},
            {"bos_token_id", bosTokenId},
            {"eos_token_id", eosTokenId},
            {"pad_token_id", padTokenId}};
}

HyenaConfig HyenaConfig::fromHfJson(const nlohmann::json& j, const std::string& origin) {
    HyenaConfig c;
    try {
        c.vocabSize = configInt(j, "vocab_size", origin);
        c.dModel = configInt(j, "d_model", origin);
        c.dInner = j.contains("d_inner") && !j["d_inner"].is_null() ? configInt(j, "d_inner", origin) : 4 * c.dModel;
        c.nLayer = configInt(j, "n_layer", origin);
        c.maxSeqLen = configInt(j, "max_seq_len", origin);
        c.embDim = configInt(j, "emb_dim", 3, origin);
        c.filterOrder = configInt(j, "filter_order", c.filterOrder, origin);
        c.shortFilterOrder = configInt(j, "short_filter_order", c.shortFilterOrder, origin);
        c.numInnerMlps = configInt(j, "num_inner_mlps", c.numInnerMlps, origin);
        c.hyenaOrder = configInt(j, "hyena_order", c.hyenaOrder, origin);
        c.activationFreq = j.value("activation_freq", c.activationFreq);
        c.layerNormEpsilon = j.value("layer_norm_epsilon", c.layerNormEpsilon);
        c.padVocabSizeMultiple = configInt(j, "pad_vocab_size_multiple", 8, origin);
        c.tieWordEmbeddings = j.value("tie_word_embeddings", false);
        c.initializerRange = j.value("initializer_range", c.initializerRange);
        const auto ids = SpecialTokenIds::fromHfJson(j);
        c.bosTokenId = ids.bos;
        c.eosTokenId = ids.eos;
        c.padTokenId = ids.pad;
    } catch (const nlohmann::json::exception& e) {
        throw Error(origin + ": missing or malformed HyenaDNA config field (" + e.what() + ")");
    }
    c.validate(origin);
    return c;
}

void HyenaConfig::validate(const std::string& origin) const {
    if (vocabSize <= 0 || dModel <= 0 || dInner <= 0 || nLayer <= 0 || maxSeqLen <= 0 || filterOrder <= 0 ||
        numInnerMlps < 0)
        throw Error(origin + ": HyenaDNA sizes must be positive");
    if (embDim < 3 || embDim % 2 == 0) throw Error(origin + ": emb_dim must be odd and at least 3");
    if (tieWordEmbeddings) throw Error(origin + ": tied word embeddings are not supported for HyenaDNA (its port never ties them)");
    if (hyenaOrder != 2) throw Error(origin + ": hyena_order " + std::to_string(hyenaOrder) + " is not supported (2)");
    if (shortFilterOrder != 3)
        throw Error(origin + ": short_filter_order must be 3 (the reference's causal trim assumes it)");
}

}  // namespace cb
