#include "core/tokenize/vocabulary.h"

#include "core/common/canonical_json.h"
#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/common/sha256.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace cb {
namespace {

const char* kSpecialNames[Vocabulary::kNumSpecial] = {"[BOS]", "[EOS]", "[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]"};

// Python's repr of a float, which hf_ehr's token strings use: the shortest text that reads back to
// the same double, with ".0" on whole numbers ("4.0", "28.899999618530273", "1e+300").
std::string formatNumber(double v) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    std::string text(buffer, end);
    if (std::isfinite(v) && text.find_first_of(".e") == std::string::npos) text += ".0";
    return text;
}

const std::vector<std::string>& categoriesOf(const VocabEntry& e) {
    static thread_local std::vector<std::string> single;
    if (!e.categories.empty()) return e.categories;
    single.assign(1, e.category);
    return single;
}

}  // namespace

Vocabulary::Vocabulary() {
    for (int i = 0; i < kNumSpecial; ++i) {
        VocabEntry e;
        e.kind = TokenKind::Special;
        e.code = kSpecialNames[i];
        entries_.push_back(e);
    }
}

int Vocabulary::add(VocabEntry entry) {
    if (entry.kind == TokenKind::Special) throw Error("vocabulary: specials are fixed at ids 0..6");
    const int id = static_cast<int>(entries_.size());
    entries_.push_back(std::move(entry));
    index(id);
    return id;
}

void Vocabulary::index(int id) {
    const auto& e = entries_[static_cast<std::size_t>(id)];
    auto& slot = byCode_[e.code];
    switch (e.kind) {
        case TokenKind::Code:
            if (!slot.plain) slot.plain = id;
            break;
        case TokenKind::NumericRange: slot.ranges.push_back(id); break;
        case TokenKind::Categorical:
            for (const auto& text : categoriesOf(e)) slot.categories.emplace(text, id);  // the first entry keeps it
            break;
        case TokenKind::Special: break;
    }
}

const Vocabulary::CodeIndex* Vocabulary::find(std::string_view code) const {
    const auto it = byCode_.find(std::string(code));
    return it == byCode_.end() ? nullptr : &it->second;
}

std::optional<int> Vocabulary::plainId(std::string_view code) const {
    const auto* slot = find(code);
    return slot ? slot->plain : std::nullopt;
}

std::optional<int> Vocabulary::numericId(std::string_view code, double value) const {
    const auto* slot = find(code);
    if (!slot) return std::nullopt;
    for (int id : slot->ranges) {
        const auto& e = entries_[static_cast<std::size_t>(id)];
        if (e.rangeStart <= value && value <= e.rangeEnd) return id;
    }
    return std::nullopt;
}

std::optional<int> Vocabulary::categoricalId(std::string_view code, std::string_view text) const {
    const auto* slot = find(code);
    if (!slot) return std::nullopt;
    const auto it = slot->categories.find(std::string(text));
    if (it == slot->categories.end()) return std::nullopt;
    return it->second;
}

bool Vocabulary::hasNumericRanges(std::string_view code) const {
    const auto* slot = find(code);
    return slot && !slot->ranges.empty();
}

bool Vocabulary::hasCategories(std::string_view code) const {
    const auto* slot = find(code);
    return slot && !slot->categories.empty();
}

std::string Vocabulary::tokenString(int id) const {
    const auto& e = entry(id);
    switch (e.kind) {
        case TokenKind::Special:
        case TokenKind::Code: return e.code;
        case TokenKind::NumericRange:
            return e.code + " || None || " + formatNumber(e.rangeStart) + " - " + formatNumber(e.rangeEnd);
        case TokenKind::Categorical: return e.code + " || " + e.category;
    }
    return e.code;
}

nlohmann::json Vocabulary::toJson() const {
    nlohmann::json tokens = nlohmann::json::array();
    for (std::size_t i = kNumSpecial; i < entries_.size(); ++i) {
        const auto& e = entries_[i];
        nlohmann::json t = {{"code", e.code}, {"description", nullptr}};
        t["stats"] = nlohmann::json::array({{{"type", "count_occurrences"}, {"split", "train"}, {"count", e.count}}});
        switch (e.kind) {
            case TokenKind::Code:
                t["type"] = "code";
                t["tokenization"] = nlohmann::json::object();
                break;
            case TokenKind::NumericRange:
                t["type"] = "numerical_range";
                t["tokenization"] = {{"unit", "None"}, {"range_start", e.rangeStart}, {"range_end", e.rangeEnd}};
                break;
            case TokenKind::Categorical:
                t["type"] = "categorical";
                t["tokenization"] = {{"categories", categoriesOf(e)}};
                break;
            case TokenKind::Special: break;
        }
        tokens.push_back(std::move(t));
    }
    nlohmann::json specials = nlohmann::json::array();
    for (int i = 0; i < kNumSpecial; ++i) specials.push_back(kSpecialNames[i]);
    return {{"metadata", {{"special_tokens", specials}, {"generator", "contextbench"}}}, {"tokens", tokens}};
}

Vocabulary Vocabulary::fromJson(const nlohmann::json& json, const std::string& origin) {
    if (!json.contains("tokens") || !json["tokens"].is_array())
        throw Error(origin + ": no 'tokens' array (not a tokenizer_config.json)");
    Vocabulary vocab;
    std::size_t row = 0;
    for (const auto& t : json["tokens"]) {
        const std::string where = origin + ": tokens[" + std::to_string(row++) + "]";
        if (!t.contains("code") || !t["code"].is_string()) throw Error(where + " has no string 'code'");
        VocabEntry e;
        e.code = t["code"].get<std::string>();
        const std::string type = t.value("type", "code");
        const auto& tok = t.contains("tokenization") ? t["tokenization"] : nlohmann::json::object();
        if (type == "code") {
            e.kind = TokenKind::Code;
        } else if (type == "numerical_range") {
            e.kind = TokenKind::NumericRange;
            auto bound = [&](const char* key, double fallback) {
                if (!tok.contains(key) || tok[key].is_null()) return fallback;
                if (!tok[key].is_number()) throw Error(where + ": '" + key + "' is not a number");
                return tok[key].get<double>();
            };
            e.rangeStart = bound("range_start", -std::numeric_limits<double>::infinity());
            e.rangeEnd = bound("range_end", std::numeric_limits<double>::infinity());
        } else if (type == "categorical") {
            e.kind = TokenKind::Categorical;
            const auto& cats = tok.value("categories", nlohmann::json::array());
            if (!cats.is_array() || cats.empty()) throw Error(where + ": categorical token without categories");
            std::string joined;
            for (std::size_t i = 0; i < cats.size(); ++i) {
                if (!cats[i].is_string()) throw Error(where + ": a category is not a string");
                e.categories.push_back(cats[i].get<std::string>());
                joined += (i ? "," : "") + e.categories.back();
            }
            e.category = joined;
        } else {
            throw Error(where + ": unknown token type '" + type + "'");
        }
        if (t.contains("stats") && t["stats"].is_array())
            for (const auto& s : t["stats"])
                if (s.value("type", "") == "count_occurrences" && s.contains("count") && s["count"].is_number())
                    e.count = s["count"].get<std::uint64_t>();
        vocab.add(std::move(e));
    }
    return vocab;
}

void Vocabulary::save(const std::string& path) const {
    std::ofstream out(path);
    if (!out) throw Error("cannot write vocabulary to '" + path + "'");
    out << toJson().dump(1) << '\n';
    if (!out) throw Error("write failed for '" + path + "'");
}

Vocabulary Vocabulary::load(const std::string& path) {
    return fromJson(readJsonFile(path, "tokenizer config"), path);
}

std::string Vocabulary::contentHash() const {
    // The identity of the entries, not their display: bounds as 17 significant digits, so a change in
    // how token strings print (Python's repr now) leaves every cached model's key as it was.
    std::string text;
    for (const auto& e : entries_) {
        std::ostringstream line;
        line.precision(17);
        line << e.code;
        if (e.kind == TokenKind::NumericRange) line << " || None || " << e.rangeStart << " - " << e.rangeEnd;
        if (e.kind == TokenKind::Categorical) line << " || " << e.category;
        text += line.str() + '\n';
    }
    return Sha256::ofText(text);
}

}  // namespace cb
