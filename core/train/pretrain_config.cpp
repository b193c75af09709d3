#include "core/train/pretrain_config.h"

#include <nlohmann/json.hpp>

namespace cb {

nlohmann::json ModelShape::toJson() const {
    return {{"hidden_size", hiddenSize}, {"intermediate_size", intermediateSize}, {"num_layers", numLayers},
            {"num_heads", numHeads},     {"num_kv_heads", numKvHeads},             {"rope_theta", ropeTheta}};
}

ModelShape ModelShape::fromJson(const nlohmann::json& j) {
    ModelShape s;
    s.hiddenSize = j.value("hidden_size", s.hiddenSize);
    s.intermediateSize = j.value("intermediate_size", s.intermediateSize);
    s.numLayers = j.value("num_layers", s.numLayers);
    s.numHeads = j.value("num_heads", s.numHeads);
    s.numKvHeads = j.value("num_kv_heads", s.numKvHeads);
    s.ropeTheta = j.value("rope_theta", s.ropeTheta);
    return s;
}

nlohmann::json PretrainConfig::toJson() const {
    nlohmann::json j = {{"context_length", contextLength}, {"token_budget", tokenBudget}, {"tokens_per_step", tokensPerStep},
            {"learning_rate", learningRate},   {"min_lr_ratio", minLearningRateRatio},
            {"warmup_fraction", warmupFraction}, {"weight_decay", weightDecay}, {"beta1", beta1},
            {"beta2", beta2},                  {"grad_clip", gradClip},       {"seed", seed}};
    if (precision != "fp32") j["precision"] = precision;
    return j;
}

PretrainConfig PretrainConfig::fromJson(const nlohmann::json& j) {
    PretrainConfig c;
    c.contextLength = j.value("context_length", c.contextLength);
    c.tokenBudget = j.value("token_budget", c.tokenBudget);
    c.tokensPerStep = j.value("tokens_per_step", c.tokensPerStep);
    c.learningRate = j.value("learning_rate", c.learningRate);
    c.minLearningRateRatio = j.value("min_lr_ratio", c.minLearningRateRatio);
    c.warmupFraction = j.value("warmup_fraction", c.warmupFraction);
    c.weightDecay = j.value("weight_decay", c.weightDecay);
    c.beta1 = j.value("beta1", c.beta1);
    c.beta2 = j.value("beta2", c.beta2);
    c.gradClip = j.value("grad_clip", c.gradClip);
    c.seed = j.value("seed", c.seed);
    c.precision = j.value("precision", c.precision);
    return c;
}

}  // namespace cb
