#pragma once

#include "core/lift/lift_config.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cb {

class TextTokenizer;

struct BuiltPrompt {
    std::vector<std::int32_t> ids;
    bool truncated = false;
    std::optional<bool> evidenceInWindow;
};

// Turns a question into model input under the configured template: with the document as context
// (ICL, LIFT+ICL; truncated in the middle to fit the window, as LIFT does) or without it (LIFT only).
// The document is tokenised once; the template's pieces around it are tokenised on their own.
class PromptBuilder {
public:
    PromptBuilder(const TextTokenizer& tokenizer, const LiftConfig& config, std::vector<std::int32_t> documentIds, int contextWindow);

    BuiltPrompt build(const std::string& question, bool withContext, std::size_t answerTokens, const std::string& evidence) const;
    std::vector<std::int32_t> answerIds(const std::string& answer) const;
    // A training sample for the auxiliary QA loss: the question with (truncated) context.
    int contextWindow() const { return window_; }

private:
    const TextTokenizer& tokenizer_;
    const LiftConfig& config_;
    std::vector<std::int32_t> document_;
    std::vector<std::int32_t> prefix_;  // BOS, if the tokenizer adds one
    std::vector<std::int32_t> ellipsis_;
    int window_;
};

// The window for prompts: the configured one (capped at the model's), else the model's, else 4096.
int resolveContextWindow(int configured, int modelLimit);

}  // namespace cb
