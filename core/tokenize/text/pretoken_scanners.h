#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace cb {

// The two split patterns the supported tokenizer families use, run as hand-written scanners: the
// standard library's regex has no \p{L}, and these patterns need only a few classes of code point.
enum class SplitPattern {
    // 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
    Gpt2,
    // (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
    Llama3,
};

extern const char* const kGpt2SplitRegex;
extern const char* const kLlama3SplitRegex;

// Which scanner a tokenizer.json regex stands for; nullopt for any other pattern.
std::optional<SplitPattern> splitPatternFromRegex(std::string_view regex);

// Appends the pattern's successive leftmost matches in `text` (well-formed UTF-8), as the
// backtracking engine HF uses finds them. Both patterns match any character, so the pieces tile the
// text with no gaps.
void scanPreTokens(SplitPattern pattern, std::string_view text, std::vector<std::string_view>& pieces);

}  // namespace cb
