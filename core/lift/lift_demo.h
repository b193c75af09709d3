#pragma once

#include "core/jobs/job_context.h"
#include "core/lift/lift_config.h"
#include "core/train/pretrain_config.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace cb {

// The embedded LIFT default, which needs no download: synthetic patients' clinical notes, a small
// byte-level text Llama pretrained on the notes of the train split, and one held-out patient's long
// note history with cloze questions whose answers the generator knows.
struct LiftDemoConfig {
    int patients = 200;             // synthetic cohort size; train-split notes are the corpus
    std::uint64_t seed = 42;
    ModelShape shape{128, 344, 4, 4, 4, 10000.0};
    int context = 512;              // the text model's window: the "short context" of the demo
    PretrainConfig pretraining;     // token budget, learning rate, ...
    std::size_t documentChars = 12000;  // the demo document: the held-out history closest to this size
    std::size_t questions = 24;
    // How the demo runs LIFT: full fine-tuning of the small model, many steps, cloze prompts that
    // continue the notes ("{context}\n{question}").
    LiftConfig lift;

    LiftDemoConfig();
    nlohmann::json toJson() const;
};

struct LiftDemoAssets {
    std::string modelDir;       // config.json, model.safetensors, tokenizer.json
    std::string documentPath;   // document.txt
    std::string questionsPath;  // questions.jsonl (question, answer, evidence, kind)
    bool reused = false;        // found complete and made with the same settings
    double pretrainSeconds = 0.0;
    double finalLoss = 0.0;
};

// Makes the demo assets under `dir`, or reuses them when `dir/lift-demo.json` records the same
// settings. Pretraining runs on `device`.
LiftDemoAssets prepareLiftDemo(const std::string& dir, const LiftDemoConfig& config, const std::string& device,
                               const JobContext& job = {});

struct LiftDemoDocument {
    std::string documentPath, questionsPath;
    std::string patient;  // its subject id
};

// Another held-out patient's notes and questions for the same demo model: the held-out histories
// ranked by closeness to the demo's document size, rank 0 being the demo's own document. Written
// under `dir/patient-RANK/`; for trying LIFT on more than one document.
LiftDemoDocument writeLiftDemoDocument(const std::string& dir, const LiftDemoConfig& config, int rank);

}  // namespace cb
