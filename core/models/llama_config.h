#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>

namespace cb {

// `rope_scaling` of type "llama3": long-wavelength frequencies divided by `factor`, a smooth
// blend between `low_freq_factor` and `high_freq_factor` wavelengths.
struct Llama3RopeScaling {
    double factor = 8.0;
    double lowFreqFactor = 1.0;
    double highFreqFactor = 4.0;
    int originalMaxPositionEmbeddings = 8192;
};

// The fields of a HF `LlamaForCausalLM` config.json that change the computation.
struct LlamaConfig {
    int vocabSize = 32000;
    int hiddenSize = 768;
    int intermediateSize = 2688;
    int numLayers = 8;
    int numHeads = 12;
    int numKvHeads = 4;
    int headDim = 64;
    int maxPositionEmbeddings = 4096;
    double rmsNormEps = 1e-5;
    double ropeTheta = 500000.0;
    std::optional<Llama3RopeScaling> ropeScaling;
    bool tieWordEmbeddings = false;
    int bosTokenId = 0;
    int eosTokenId = 1;
    int padTokenId = 4;
    double initializerRange = 0.02;

    nlohmann::json toHfJson() const;
    // `origin` names the file in errors.
    static LlamaConfig fromHfJson(const nlohmann::json& json, const std::string& origin);
    static LlamaConfig load(const std::string& path);
    void validate(const std::string& origin) const;
};

}  // namespace cb
