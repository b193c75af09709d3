#include "core/tokenize/text/added_vocabulary.h"

#include "core/tokenize/text/unicode_categories.h"
#include "core/tokenize/text/utf8_text.h"

#include <algorithm>

namespace cb {
namespace {

// The code point that ends text[0..end), which is well-formed UTF-8.
char32_t codePointBefore(std::string_view text, std::size_t end) {
    std::size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    return nextCodePoint(text, start);
}

std::size_t whitespaceStartBefore(std::string_view text, std::size_t end) {
    while (end > 0) {
        std::size_t start = end - 1;
        while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
        std::size_t i = start;
        if (!isWhitespace(nextCodePoint(text, i))) break;
        end = start;
    }
    return end;
}

std::size_t whitespaceEndAfter(std::string_view text, std::size_t start) {
    while (start < text.size()) {
        std::size_t i = start;
        if (!isWhitespace(nextCodePoint(text, i))) break;
        start = i;
    }
    return start;
}

bool sameToken(const AddedToken& a, const AddedToken& b) {
    return a.content == b.content && a.special == b.special && a.singleWord == b.singleWord && a.lstrip == b.lstrip &&
           a.rstrip == b.rstrip && a.normalized == b.normalized;
}

}  // namespace

AddedTokenMatcher::AddedTokenMatcher() : nodes_(1) {}

std::int32_t AddedTokenMatcher::child(std::int32_t node, unsigned char byte) const {
    for (const auto& [b, next] : nodes_[std::size_t(node)].children)
        if (b == byte) return next;
    return -1;
}

void AddedTokenMatcher::add(std::string_view pattern, const AddedToken& token) {
    if (pattern.empty()) return;
    std::int32_t node = 0;
    for (const char c : pattern) {
        const auto byte = static_cast<unsigned char>(c);
        std::int32_t next = child(node, byte);
        if (next < 0) {
            next = std::int32_t(nodes_.size());
            nodes_[std::size_t(node)].children.emplace_back(byte, next);
            nodes_.emplace_back();
        }
        node = next;
    }
    // The first token with a given pattern keeps it, as Aho-Corasick reports the lowest pattern index.
    if (nodes_[std::size_t(node)].rule >= 0) return;
    nodes_[std::size_t(node)].rule = std::int32_t(rules_.size());
    rules_.push_back({token.id, token.singleWord, token.lstrip, token.rstrip});
    startsPattern_[static_cast<unsigned char>(pattern[0])] = true;
}

void AddedTokenMatcher::split(std::string_view text, std::vector<AddedSplit>& out) const {
    const std::size_t n = text.size();
    std::size_t emitted = 0;  // end of what the splits so far cover
    std::size_t from = 0;     // where the search resumes: after the previous match, before any rstrip
    while (from < n) {
        std::size_t start = from, stop = 0;
        std::int32_t rule = -1;
        for (; start < n; ++start) {
            if (!startsPattern_[static_cast<unsigned char>(text[start])]) continue;
            std::int32_t node = 0;
            for (std::size_t i = start; i < n && (node = child(node, static_cast<unsigned char>(text[i]))) >= 0; ++i) {
                if (nodes_[std::size_t(node)].rule >= 0) rule = nodes_[std::size_t(node)].rule, stop = i + 1;
            }
            if (rule >= 0) break;
        }
        if (rule < 0) break;
        from = stop;
        const Rule& r = rules_[std::size_t(rule)];
        if (r.singleWord) {
            // HF skips a match inside a word and searches on after it, not inside it.
            const bool wordBefore = start > 0 && isWordChar(codePointBefore(text, start));
            std::size_t after = stop;
            const bool wordAfter = stop < n && isWordChar(nextCodePoint(text, after));
            if (wordBefore || wordAfter) continue;
        }
        if (r.lstrip) start = std::max(whitespaceStartBefore(text, start), emitted);
        if (r.rstrip) stop = whitespaceEndAfter(text, stop);
        if (emitted < start) out.push_back({emitted, start - emitted, -1});
        out.push_back({start, stop - start, r.id});
        emitted = stop;
    }
    if (emitted < n) out.push_back({emitted, n - emitted, -1});
}

AddedVocabulary AddedVocabulary::fromJson(const nlohmann::json& list, const BpeModel& model,
                                          const TextNormalizer& normalizer, const TokenizerJson& file) {
    AddedVocabulary v;
    if (list.is_null()) return v;
    if (!list.is_array()) file.fail("added_tokens", "must be a list");
    std::vector<std::size_t> specials, classic;  // indices into tokens_, in HF's matching order
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string field = "added_tokens[" + std::to_string(i) + "]";
        const auto& entry = list[i];
        AddedToken t;
        t.content = file.text(entry, "content", field);
        t.special = file.flag(entry, "special", field, false);
        t.singleWord = file.flag(entry, "single_word", field, false);
        t.lstrip = file.flag(entry, "lstrip", field, false);
        t.rstrip = file.flag(entry, "rstrip", field, false);
        t.normalized = file.flag(entry, "normalized", field, !t.special);
        const auto fileId = file.integer(entry, "id", field);
        if (t.content.empty()) continue;  // HF ignores empty tokens
        if (std::any_of(v.tokens_.begin(), v.tokens_.end(), [&](const AddedToken& o) { return sameToken(o, t); })) continue;

        // HF ignores the file's ids and numbers added tokens itself: the id the content already has
        // (added before, or in the model vocabulary), else the next free id after the model's. The two
        // agree for files HF wrote; where they do not, refuse rather than guess which one a model used.
        std::int32_t id;
        if (const auto it = v.idOfContent_.find(t.content); it != v.idOfContent_.end()) id = it->second;
        else if (const auto modelId = model.tokenId(t.content)) id = *modelId;
        else {
            const auto modelCount = std::int32_t(model.entryCount());
            std::optional<std::int32_t> maxAdded;
            for (const auto& [content, other] : v.idOfContent_) maxAdded = std::max(maxAdded.value_or(other), other);
            id = !maxAdded ? modelCount : (*maxAdded >= modelCount || modelCount == 0 ? *maxAdded + 1 : modelCount);
        }
        if (fileId != id)
            file.fail(field, "'" + t.content + "' has id " + std::to_string(fileId) + ", but Hugging Face gives it id " +
                                 std::to_string(id) + " (ids must follow the model vocabulary in order)");
        t.id = id;
        if (t.special && v.specialContents_.insert(t.content).second) specials.push_back(v.tokens_.size());
        if (!v.specialContents_.count(t.content)) classic.push_back(v.tokens_.size());
        v.idOfContent_[t.content] = id;
        v.byId_[id] = v.tokens_.size();
        v.tokens_.push_back(std::move(t));
    }

    auto addTo = [&](std::size_t index) {
        const AddedToken& t = v.tokens_[index];
        AddedToken matched = t;
        matched.id = v.idOfContent_.at(t.content);
        // Normalised tokens are looked for in normalised text, so their patterns are normalised too
        // (with Llama-2's Prepend normaliser "[X]" is searched as "▁[X]", exactly as in HF).
        if (t.normalized) v.normalized_.add(normalizer.empty() ? t.content : normalizer.apply(t.content), matched);
        else v.raw_.add(t.content, matched);
    };
    for (const auto index : specials) addTo(index);
    for (const auto index : classic) addTo(index);
    return v;
}

const AddedToken* AddedVocabulary::byId(std::int32_t id) const {
    const auto it = byId_.find(id);
    return it == byId_.end() ? nullptr : &tokens_[it->second];
}

std::optional<std::int32_t> AddedVocabulary::idOf(std::string_view content) const {
    const auto it = idOfContent_.find(std::string(content));
    if (it == idOfContent_.end()) return std::nullopt;
    return it->second;
}

bool AddedVocabulary::isSpecial(std::string_view content) const { return specialContents_.count(std::string(content)) > 0; }

}  // namespace cb
