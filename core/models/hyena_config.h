#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace cb {

// The fields of a HyenaDNA config.json (the HF port hf_ehr loads with trust_remote_code) that change
// the computation. Only order 2 (one long convolution per layer) is implemented: every released
// HyenaDNA model uses it.
struct HyenaConfig {
    int vocabSize = 39818;
    int dModel = 768;
    int dInner = 1024;
    int nLayer = 16;
    int maxSeqLen = 4096;  // the implicit filters are defined up to this length
    int embDim = 5;
    int filterOrder = 64;
    int shortFilterOrder = 3;
    int numInnerMlps = 2;
    int hyenaOrder = 2;
    double activationFreq = 1.0;
    double layerNormEpsilon = 1e-5;
    int padVocabSizeMultiple = 1;
    bool tieWordEmbeddings = false;
    double initializerRange = 0.02;
    int bosTokenId = 0, eosTokenId = 1, padTokenId = 4;

    int paddedVocab() const;
    nlohmann::json toHfJson() const;
    static HyenaConfig fromHfJson(const nlohmann::json& json, const std::string& origin);
    void validate(const std::string& origin) const;
};

}  // namespace cb
