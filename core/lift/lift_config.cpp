#include "core/lift/lift_config.h"

#include "core/lift/segment_plan.h"

#include <nlohmann/json.hpp>

#include <sstream>
#include <stdexcept>

namespace cb {

std::string liftModeName(LiftMode mode) {
    switch (mode) {
        case LiftMode::Icl: return "icl";
        case LiftMode::LiftOnly: return "lift";
        case LiftMode::LiftIcl: return "lift+icl";
    }
    return "icl";
}

LiftMode parseLiftMode(const std::string& name) {
    if (name == "icl") return LiftMode::Icl;
    if (name == "lift" || name == "lift-only" || name == "lift_only") return LiftMode::LiftOnly;
    if (name == "lift+icl" || name == "lift_icl") return LiftMode::LiftIcl;
    throw std::invalid_argument("unknown LIFT mode '" + name + "' (expected icl, lift or lift+icl)");
}

std::vector<LiftMode> parseLiftModes(const std::string& commaSeparated) {
    std::vector<LiftMode> modes;
    std::stringstream in(commaSeparated);
    for (std::string item; std::getline(in, item, ',');) {
        if (item.empty()) continue;
        const auto mode = parseLiftMode(item);
        bool seen = false;
        for (auto m : modes) seen = seen || m == mode;
        if (!seen) modes.push_back(mode);
    }
    if (modes.empty()) throw std::invalid_argument("no LIFT mode given (expected icl, lift and/or lift+icl)");
    return modes;
}

int LiftConfig::effectiveStride() const {
    return stride > 0 ? stride : static_cast<int>(defaultStride(segmentLength));
}

void LiftConfig::validate() const {
    auto require = [](bool ok, const std::string& what) {
        if (!ok) throw std::invalid_argument("LIFT setting " + what);
    };
    require(segmentLength >= 2, "segment_length must be at least 2");
    require(effectiveStride() <= segmentLength, "stride must not exceed segment_length");
    require(epochs >= 0 && qaEpochs >= 0, "epochs and qa_epochs must not be negative");
    require(stepsPerEpoch >= 1, "steps_per_epoch must be at least 1");
    require(segmentsPerBatch >= 0, "segments_per_batch must not be negative (0 means automatic)");
    require(loraRank >= 0, "lora_rank must not be negative (0 means full fine-tuning)");
    require(learningRate > 0.0, "learning_rate must be positive");
    require(gradClip > 0.0, "grad_clip must be positive");
    require(maxNewTokens >= 1, "max_new_tokens must be at least 1");
    require(precision == "fp32" || precision == "bf16" || precision == "auto", "precision must be fp32, bf16 or auto");
    require(promptTemplate.find("{question}") != std::string::npos, "prompt_template must contain {question}");
    require(contextWindow == 0 || contextWindow > maxNewTokens + 8, "context_window must leave room for the answer");
}

LiftConfig LiftConfig::forDevice(bool onGpu) const {
    auto c = *this;
    if (c.precision == "auto") c.precision = onGpu ? "bf16" : "fp32";
    if (c.segmentsPerBatch == 0) c.segmentsPerBatch = onGpu ? 4 : 1;
    return c;
}

nlohmann::json LiftConfig::toJson() const {
    return {{"segment_length", segmentLength}, {"stride", effectiveStride()}, {"epochs", epochs},
            {"steps_per_epoch", stepsPerEpoch}, {"segments_per_batch", segmentsPerBatch}, {"lora_rank", loraRank},
            {"learning_rate", learningRate}, {"beta1", beta1}, {"beta2", beta2}, {"eps", eps},
            {"weight_decay", weightDecay}, {"grad_clip", gradClip}, {"precision", precision}, {"qa_epochs", qaEpochs}, {"qa_weight", qaWeight},
            {"context_window", contextWindow}, {"max_new_tokens", maxNewTokens}, {"prompt_template", promptTemplate},
            {"answer_prefix", answerPrefix}, {"seed", seed}};
}

LiftConfig LiftConfig::fromJson(const nlohmann::json& j) {
    LiftConfig c;
    c.segmentLength = j.value("segment_length", c.segmentLength);
    c.stride = j.value("stride", c.stride);
    c.epochs = j.value("epochs", c.epochs);
    c.stepsPerEpoch = j.value("steps_per_epoch", c.stepsPerEpoch);
    c.segmentsPerBatch = j.value("segments_per_batch", c.segmentsPerBatch);
    c.loraRank = j.value("lora_rank", c.loraRank);
    c.learningRate = j.value("learning_rate", c.learningRate);
    c.beta1 = j.value("beta1", c.beta1);
    c.beta2 = j.value("beta2", c.beta2);
    c.eps = j.value("eps", c.eps);
    c.weightDecay = j.value("weight_decay", c.weightDecay);
    c.gradClip = j.value("grad_clip", c.gradClip);
    c.precision = j.value("precision", c.precision);
    c.qaEpochs = j.value("qa_epochs", c.qaEpochs);
    c.qaWeight = j.value("qa_weight", c.qaWeight);
    c.contextWindow = j.value("context_window", c.contextWindow);
    c.maxNewTokens = j.value("max_new_tokens", c.maxNewTokens);
    c.promptTemplate = j.value("prompt_template", c.promptTemplate);
    c.answerPrefix = j.value("answer_prefix", c.answerPrefix);
    c.seed = j.value("seed", c.seed);
    return c;
}

}  // namespace cb
