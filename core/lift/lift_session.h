#pragma once

#include "core/jobs/job_context.h"
#include "core/lift/lift_config.h"
#include "core/lift/lift_trainer.h"
#include "core/lift/qa_pairs.h"

#include <nlohmann/json_fwd.hpp>

#include <c10/core/Device.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cb {

class CausalLm;
class TextTokenizer;
struct AdaptedWeights;

struct LiftRequest {
    std::string document;
    std::vector<QaPair> questions;  // asked in every mode
    std::vector<QaPair> auxiliary;  // trained on in the QA epochs (answer-only loss)
    std::string heldOut;            // optional text the model never trains on, for held-out perplexity
    std::vector<LiftMode> modes{LiftMode::Icl, LiftMode::LiftOnly, LiftMode::LiftIcl};
    LiftConfig config;
    std::string saveAdaptedTo;      // optional: write the adapted model (and its tokenizer) as a new folder
    bool keepAdapted = false;       // keep the adapted weights in the report, to save them later
};

struct QuestionOutcome {
    std::string question;
    std::string reference;
    std::string answer;          // greedy, cut at the first line break
    double logLikelihood = 0.0;  // of the reference answer, nats
    int answerTokens = 0;
    bool exact = false;
    std::optional<bool> evidenceInWindow;  // whether the ICL prompt still holds the evidence (when known)
};

struct ModeOutcome {
    LiftMode mode = LiftMode::Icl;
    std::vector<QuestionOutcome> questions;
    double seconds = 0.0;
    double exactMatch() const;
    double meanLogLikelihood() const;
    // Exact-match rate over the questions whose evidence the truncated prompt lost; NaN when none.
    double exactMatchOutsideWindow() const;
};

struct LiftReport {
    std::int64_t documentTokens = 0;
    std::size_t invalidUtf8Bytes = 0;  // replaced by U+FFFD before tokenising
    int contextWindow = 0;
    bool promptTruncated = false;
    std::int64_t trainableParameters = 0;
    std::optional<LiftTrainResult> training;
    std::vector<ModeOutcome> modes;
    double basePerplexity = 0.0, adaptedPerplexity = 0.0;       // of the document
    double heldOutBasePerplexity = 0.0, heldOutAdaptedPerplexity = 0.0;  // NaN without held-out text
    double peakMegabytes = 0.0;
    bool baseRestored = false;  // the base model's logits after the run equal those before, bit for bit
    std::string savedTo;
    std::shared_ptr<const AdaptedWeights> adapted;  // when kept or saved
    LiftConfig config;
    bool cached = false;  // read back from the result store: nothing was trained, no weights kept

    double secondsPer1kTokens() const;  // training time per 1K document tokens
    double trainingTokensPerSecond() const;
    const ModeOutcome* mode(LiftMode m) const;
    // One entry per mode keyed "icl", "lift", "lift+icl", plus the cost and the training curve.
    nlohmann::json toJson() const;
    // The inverse of toJson (what the result store keeps); the adapted weights are not part of it.
    static LiftReport fromJson(const nlohmann::json& json);
};

// Runs the requested modes on one document: ICL on the base model, then (for LIFT modes) test-time
// training with LoRA or full fine-tuning, the LIFT modes on the adapted model, and the restoration of
// the base model, which is checked.
LiftReport runLift(CausalLm& model, const TextTokenizer& tokenizer, const LiftRequest& request, const c10::Device& device,
                   const JobContext& job = {}, const LiftEpochFn& onEpoch = {});

}  // namespace cb
