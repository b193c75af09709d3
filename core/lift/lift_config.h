#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace cb {

enum class LiftMode { Icl, LiftOnly, LiftIcl };

// "icl", "lift", "lift+icl": the names the CLI takes and the JSON report keys.
std::string liftModeName(LiftMode mode);
LiftMode parseLiftMode(const std::string& name);
std::vector<LiftMode> parseLiftModes(const std::string& commaSeparated);

// Test-time fine-tuning on one long input, with the defaults of the LIFT reference (v1): segments of
// l tokens every 3/8 l, one optimizer step per epoch, AdamW(0.9, 0.98, eps 1e-8, wd 1e-4), clip 1.0,
// LoRA on q/k/v/o with alpha = 2r (loraRank 0 means full fine-tuning).
struct LiftConfig {
    int segmentLength = 2048;
    int stride = 0;                // 0: 3/8 of segmentLength
    int epochs = 3;                // epochs over the segments alone
    int stepsPerEpoch = 1;         // gradient accumulation groups per epoch
    // Segments run through the model at once; 0: 4 on a GPU, 1 on the CPU, where one at a time was
    // 2.4x faster for the demo model and 1.16x for Llama-base (and a third of the memory).
    int segmentsPerBatch = 0;
    int loraRank = 16;
    double learningRate = 2e-4;
    double beta1 = 0.9;
    double beta2 = 0.98;
    double eps = 1e-8;
    double weightDecay = 1e-4;
    double gradClip = 1.0;
    // "fp32", or "bf16": forward and backward under bf16 autocast with fp32 weights and optimizer
    // state, as mixed-precision training in the reference does; "auto": bf16 on a GPU, fp32 on the CPU
    // (whose bf16 matrix products are slower than its fp32 ones).
    std::string precision = "auto";
    // Auxiliary QA: after the segment epochs, qaEpochs more on segments + gamma * QA loss.
    int qaEpochs = 0;
    double qaWeight = 1.0;
    // Inference: the model's window for ICL prompts, and how answers are produced and read.
    int contextWindow = 0;  // 0: the model's limit, or 4096 for models without one
    int maxNewTokens = 24;
    std::string promptTemplate = "{context}\n\nQuestion: {question}\nAnswer:";
    std::string answerPrefix = " ";  // put before the reference answer when scoring it
    std::uint64_t seed = 7;

    int effectiveStride() const;
    bool fullFineTuning() const { return loraRank == 0; }
    void validate() const;  // throws std::invalid_argument naming the field
    // This config with its automatic settings (precision, segments per batch) made definite for
    // where it runs; what a run records.
    LiftConfig forDevice(bool onGpu) const;
    nlohmann::json toJson() const;
    static LiftConfig fromJson(const nlohmann::json& json);
};

}  // namespace cb
