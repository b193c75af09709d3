#pragma once

#include "core/tokenize/text/bpe_model.h"
#include "core/tokenize/text/text_normalizer.h"
#include "core/tokenize/text/tokenizer_json.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace cb {

// One entry of tokenizer.json's "added_tokens".
struct AddedToken {
    std::int32_t id = -1;
    std::string content;
    bool special = false;
    bool singleWord = false;  // match only where no word character touches either end
    bool lstrip = false;      // the match swallows the whitespace before it
    bool rstrip = false;      // ... and after it
    bool normalized = false;  // matched in normalised text rather than the raw input
};

// A stretch of text: plain text (id -1) or one added token, as byte offsets into the searched text.
struct AddedSplit {
    std::size_t offset = 0;
    std::size_t length = 0;
    std::int32_t id = -1;
};

// Finds added tokens in text the way HF's Aho-Corasick search does: leftmost match first, the longest
// one starting there, non-overlapping, with single_word / lstrip / rstrip applied to each match.
class AddedTokenMatcher {
public:
    AddedTokenMatcher();
    void add(std::string_view pattern, const AddedToken& token);
    bool empty() const { return rules_.empty(); }
    // Cuts `text` into splits that cover it in order.
    void split(std::string_view text, std::vector<AddedSplit>& out) const;

private:
    struct Node {
        std::vector<std::pair<unsigned char, std::int32_t>> children;
        std::int32_t rule = -1;
    };
    struct Rule {
        std::int32_t id;
        bool singleWord, lstrip, rstrip;
    };
    std::int32_t child(std::int32_t node, unsigned char byte) const;

    std::vector<Node> nodes_;
    std::vector<Rule> rules_;
    std::array<bool, 256> startsPattern_{};  // cheap skip over bytes no pattern begins with
};

// All added tokens with the ids HF gives them and the two matchers HF splits text with: one on the
// raw input (normalized: false), one on the normalised pieces (normalized: true).
class AddedVocabulary {
public:
    static AddedVocabulary fromJson(const nlohmann::json& list, const BpeModel& model, const TextNormalizer& normalizer,
                                    const TokenizerJson& file);

    const AddedToken* byId(std::int32_t id) const;
    std::optional<std::int32_t> idOf(std::string_view content) const;
    bool isSpecial(std::string_view content) const;
    const std::vector<AddedToken>& tokens() const { return tokens_; }
    const AddedTokenMatcher& rawMatcher() const { return raw_; }
    const AddedTokenMatcher& normalizedMatcher() const { return normalized_; }

private:
    std::vector<AddedToken> tokens_;                      // in file order, duplicates dropped
    std::unordered_map<std::int32_t, std::size_t> byId_;  // index into tokens_
    std::unordered_map<std::string, std::int32_t> idOfContent_;
    std::unordered_set<std::string> specialContents_;
    AddedTokenMatcher raw_;
    AddedTokenMatcher normalized_;
};

}  // namespace cb
