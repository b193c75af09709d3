#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace cb {

// The fields of a HF `GPT2LMHeadModel` config.json that change the computation. Variants the
// Context Clues models never use (unscaled or layer-scaled attention, other activations) are refused
// by fromHfJson rather than computed wrongly.
struct Gpt2Config {
    int vocabSize = 39818;
    int nPositions = 1024;  // the longest input: learned absolute positions
    int nEmbd = 768;
    int nLayer = 12;
    int nHead = 12;
    int nInner = 0;  // 0: 4 * nEmbd
    double layerNormEpsilon = 1e-5;
    bool tieWordEmbeddings = true;
    double initializerRange = 0.02;
    int bosTokenId = 0, eosTokenId = 1, padTokenId = 4;

    int inner() const { return nInner > 0 ? nInner : 4 * nEmbd; }
    nlohmann::json toHfJson() const;
    static Gpt2Config fromHfJson(const nlohmann::json& json, const std::string& origin);
    void validate(const std::string& origin) const;
};

}  // namespace cb
