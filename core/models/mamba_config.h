#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace cb {

// The fields of a HF `MambaForCausalLM` config.json that change the computation.
struct MambaConfig {
    int vocabSize = 39818;
    int hiddenSize = 768;
    int intermediateSize = 1536;
    int stateSize = 16;
    int numLayers = 24;
    int convKernel = 4;
    int timeStepRank = 48;
    double layerNormEpsilon = 1e-5;
    bool useBias = false;
    bool useConvBias = true;
    bool residualInFp32 = true;
    bool tieWordEmbeddings = true;
    double initializerRange = 0.1;
    int bosTokenId = 0, eosTokenId = 1, padTokenId = 4;

    nlohmann::json toHfJson() const;
    static MambaConfig fromHfJson(const nlohmann::json& json, const std::string& origin);
    void validate(const std::string& origin) const;
};

}  // namespace cb
