#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cb {

enum class TokenKind { Special, Code, NumericRange, Categorical };

struct VocabEntry {
    TokenKind kind = TokenKind::Code;
    std::string code;          // the raw code, or the special's name ("[PAD]")
    double rangeStart = 0.0;   // NumericRange: matched when start <= value <= end
    double rangeEnd = 0.0;
    std::string category;      // Categorical: the text values, comma-joined as hf_ehr prints them
    std::uint64_t count = 0;   // occurrences in the split the vocabulary was built from
    std::vector<std::string> categories;  // Categorical: each text it matches (empty: just `category`)
};

// CLMBR-style vocabulary: 7 specials with ids 0..6, then plain codes, numeric ranges and categorical
// values, in file order. Serialised as hf_ehr's `tokenizer_config.json` layout. Lookups follow hf_ehr's
// CLMBRTokenizer: the first range in file order with start <= value <= end, the first categorical
// entry listing the text exactly.
class Vocabulary {
public:
    static constexpr int kBos = 0, kEos = 1, kUnk = 2, kSep = 3, kPad = 4, kCls = 5, kMask = 6;
    static constexpr int kNumSpecial = 7;

    Vocabulary();

    int add(VocabEntry entry);
    std::size_t size() const { return entries_.size(); }
    const VocabEntry& entry(int id) const { return entries_.at(static_cast<std::size_t>(id)); }
    // "CODE", "CODE || None || start - end" or "CODE || text", as hf_ehr prints tokens.
    std::string tokenString(int id) const;

    // Lookup used by the tokenizer. Returns nullopt when the event has no token.
    std::optional<int> plainId(std::string_view code) const;
    std::optional<int> numericId(std::string_view code, double value) const;
    std::optional<int> categoricalId(std::string_view code, std::string_view text) const;
    bool hasNumericRanges(std::string_view code) const;
    bool hasCategories(std::string_view code) const;

    nlohmann::json toJson() const;
    static Vocabulary fromJson(const nlohmann::json& json, const std::string& origin);
    void save(const std::string& path) const;
    static Vocabulary load(const std::string& path);
    std::string contentHash() const;

private:
    struct CodeIndex {
        std::optional<int> plain;
        std::vector<int> ranges;  // ids of NumericRange entries in file order: the first match wins
        std::unordered_map<std::string, int> categories;
    };
    void index(int id);
    const CodeIndex* find(std::string_view code) const;

    std::vector<VocabEntry> entries_;
    std::unordered_map<std::string, CodeIndex> byCode_;
};

}  // namespace cb
