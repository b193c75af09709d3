#include "core/lift/lift_prompt.h"

#include "core/lift/segment_plan.h"
#include "core/tokenize/text/text_tokenizer.h"

#include <algorithm>
#include <stdexcept>

namespace cb {
namespace {

std::string replaceAll(std::string text, const std::string& key, const std::string& value) {
    for (auto pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos + value.size())) text.replace(pos, key.size(), value);
    return text;
}

std::string trimLeft(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : s.substr(first);
}

}  // namespace

int resolveContextWindow(int configured, int modelLimit) {
    if (configured > 0) return modelLimit > 0 ? std::min(configured, modelLimit) : configured;
    return modelLimit > 0 ? modelLimit : 4096;
}

PromptBuilder::PromptBuilder(const TextTokenizer& tokenizer, const LiftConfig& config, std::vector<std::int32_t> documentIds,
                             int contextWindow)
    : tokenizer_(tokenizer), config_(config), document_(std::move(documentIds)), window_(contextWindow) {
    if (const auto bos = tokenizer.bosId()) prefix_.push_back(*bos);
    ellipsis_ = tokenizer.encode("...", false);
}

std::vector<std::int32_t> PromptBuilder::answerIds(const std::string& answer) const {
    return tokenizer_.encode(config_.answerPrefix + answer, false);
}

BuiltPrompt PromptBuilder::build(const std::string& question, bool withContext, std::size_t answerTokens, const std::string& evidence) const {
    const auto& tpl = config_.promptTemplate;
    const auto at = tpl.find("{context}");
    std::string before = at == std::string::npos ? std::string() : tpl.substr(0, at);
    std::string after = at == std::string::npos ? tpl : tpl.substr(at + std::string("{context}").size());
    after = replaceAll(after, "{question}", question);
    before = replaceAll(before, "{question}", question);
    if (!withContext) after = trimLeft(before + after), before.clear();

    BuiltPrompt out;
    out.ids = prefix_;
    const auto head = tokenizer_.encode(before, false);
    out.ids.insert(out.ids.end(), head.begin(), head.end());
    const auto contextBegin = static_cast<std::int64_t>(out.ids.size());
    if (withContext) out.ids.insert(out.ids.end(), document_.begin(), document_.end());
    const auto contextEnd = static_cast<std::int64_t>(out.ids.size());
    const auto tail = tokenizer_.encode(after, false);
    out.ids.insert(out.ids.end(), tail.begin(), tail.end());

    const auto reserve = static_cast<std::int64_t>(std::max<std::size_t>(answerTokens, static_cast<std::size_t>(config_.maxNewTokens)));
    const std::int64_t budget = window_ - reserve;
    if (budget < 8) throw std::invalid_argument("the context window of " + std::to_string(window_) + " tokens leaves no room for a prompt");
    const auto total = static_cast<std::int64_t>(out.ids.size());
    if (total > budget) {
        if (!withContext) throw std::invalid_argument("the question alone is longer than the context window of " + std::to_string(window_) + " tokens");
        out.ids = truncateMiddle(out.ids, budget, ellipsis_);
        out.truncated = true;
    }
    if (withContext && !evidence.empty()) {
        // Which document tokens survived: the head up to budget/2 - len("...") and the last budget/2.
        std::int64_t keptHeadEnd = contextEnd, keptTailBegin = contextEnd;
        if (out.truncated) {
            keptHeadEnd = std::min(contextEnd, budget / 2 - static_cast<std::int64_t>(ellipsis_.size()));
            keptTailBegin = std::max(contextBegin, total - budget / 2);
        }
        auto slice = [&](std::int64_t b, std::int64_t e) {
            b = std::max(b, contextBegin);
            e = std::min(e, contextEnd);
            if (e <= b) return std::string();
            return tokenizer_.decode(std::vector<std::int32_t>(document_.begin() + (b - contextBegin), document_.begin() + (e - contextBegin)), true);
        };
        const auto kept = slice(contextBegin, keptHeadEnd) + "\n" + slice(keptTailBegin, contextEnd);
        out.evidenceInWindow = kept.find(evidence) != std::string::npos;
    }
    return out;
}

}  // namespace cb
