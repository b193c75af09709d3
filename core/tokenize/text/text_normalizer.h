#pragma once

#include "core/tokenize/text/tokenizer_json.h"

#include <string>
#include <string_view>
#include <vector>

namespace cb {

// The normalizers SentencePiece-converted (Llama-2 / Mistral) tokenizer.json files use:
// Prepend("▁") then Replace(" " → "▁"), possibly inside a Sequence. Anything else (NFC, Lowercase,
// regex Replace, ...) is rejected when loading rather than silently skipped.
class TextNormalizer {
public:
    // `config` is the file's "normalizer" (null: no normalizer).
    static TextNormalizer fromJson(const nlohmann::json& config, const TokenizerJson& file);

    bool empty() const { return steps_.empty(); }
    // `prepend` false leaves out the Prepend steps: for text that continues an earlier piece.
    std::string apply(std::string_view text, bool prepend = true) const;
    // Whether every Replace step maps one code point to one code point, so that a character's
    // normal form does not depend on its neighbours; mapCodePoint then gives it (UTF-8 in and out).
    bool mapsCodePointsAlone() const;
    std::string mapCodePoint(std::string_view codePoint) const;
    std::string describe() const;

private:
    struct Step {
        enum class Kind { Prepend, Replace } kind;
        std::string pattern;  // Replace: what to find
        std::string content;  // Prepend: the prefix; Replace: the replacement
    };
    void add(const nlohmann::json& node, const std::string& field, const TokenizerJson& file);

    std::vector<Step> steps_;
};

}  // namespace cb
