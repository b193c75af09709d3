#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace cb {

// Reads the parts of a tokenizer.json. Every error is a cb::Error that names the file and the field,
// e.g. "tokenizer.json: pre_tokenizer type 'Metaspace' is not supported", so a user handed a
// tokenizer ContextBench cannot run learns which setting is the problem.
class TokenizerJson {
public:
    explicit TokenizerJson(std::string source) : source_(std::move(source)) {}
    const std::string& source() const { return source_; }

    [[noreturn]] void fail(const std::string& field, const std::string& problem) const;
    [[noreturn]] void unsupportedType(const std::string& field, const std::string& type) const;

    // The member, or nullptr when it is absent or null.
    static const nlohmann::json* find(const nlohmann::json& node, const char* key);
    // `node` must be an object with a string "type".
    std::string typeOf(const nlohmann::json& node, const std::string& field) const;
    std::string text(const nlohmann::json& node, const char* key, const std::string& field) const;
    bool flag(const nlohmann::json& node, const char* key, const std::string& field, bool fallback) const;
    std::int64_t integer(const nlohmann::json& node, const char* key, const std::string& field) const;
    const nlohmann::json& array(const nlohmann::json& node, const char* key, const std::string& field) const;
    const nlohmann::json& object(const nlohmann::json& node, const char* key, const std::string& field) const;
    // A Replace/Split pattern {"String": "..."}; a "Regex" pattern is rejected unless `allowRegex`,
    // in which case `isRegex` says which it was.
    std::string pattern(const nlohmann::json& node, const std::string& field, bool allowRegex, bool& isRegex) const;

private:
    std::string source_;
};

}  // namespace cb
