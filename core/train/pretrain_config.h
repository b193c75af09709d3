#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace cb {

// Size of a Llama-style model built inside ContextBench.
struct ModelShape {
    int hiddenSize = 64;
    int intermediateSize = 176;
    int numLayers = 2;
    int numHeads = 4;
    int numKvHeads = 2;
    double ropeTheta = 500000.0;  // Context Clues' Llama setting
    nlohmann::json toJson() const;
    static ModelShape fromJson(const nlohmann::json& json);
};

// Next-token pretraining on random windows of train-split timelines.
struct PretrainConfig {
    int contextLength = 512;
    std::int64_t tokenBudget = 400000;  // tokens trained on, summed over steps
    int tokensPerStep = 8192;           // padded batch size in tokens
    double learningRate = 3e-3;
    double minLearningRateRatio = 0.1;  // cosine decay down to lr * ratio
    double warmupFraction = 0.1;
    double weightDecay = 0.1;
    double beta1 = 0.9;
    double beta2 = 0.95;
    double gradClip = 1.0;
    std::uint64_t seed = 7;
    // "fp32", or "bf16": forward and backward under bf16 autocast, fp32 weights and optimizer state.
    // Written into the JSON (and so into model keys) only when it is not fp32.
    std::string precision = "fp32";

    nlohmann::json toJson() const;
    static PretrainConfig fromJson(const nlohmann::json& json);
};

}  // namespace cb
