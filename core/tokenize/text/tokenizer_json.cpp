#include "core/tokenize/text/tokenizer_json.h"

#include "core/common/error.h"

namespace cb {

void TokenizerJson::fail(const std::string& field, const std::string& problem) const {
    throw Error(source_ + ": " + field + " " + problem);
}

void TokenizerJson::unsupportedType(const std::string& field, const std::string& type) const {
    fail(field, "type '" + type + "' is not supported");
}

const nlohmann::json* TokenizerJson::find(const nlohmann::json& node, const char* key) {
    if (!node.is_object()) return nullptr;
    const auto it = node.find(key);
    return it == node.end() || it->is_null() ? nullptr : &*it;
}

std::string TokenizerJson::typeOf(const nlohmann::json& node, const std::string& field) const {
    if (!node.is_object()) fail(field, "must be an object");
    const auto* type = find(node, "type");
    if (!type || !type->is_string()) fail(field, "has no \"type\"");
    return type->get<std::string>();
}

std::string TokenizerJson::text(const nlohmann::json& node, const char* key, const std::string& field) const {
    const auto* value = find(node, key);
    if (!value || !value->is_string()) fail(field + "." + key, "must be a string");
    return value->get<std::string>();
}

bool TokenizerJson::flag(const nlohmann::json& node, const char* key, const std::string& field, bool fallback) const {
    const auto* value = find(node, key);
    if (!value) return fallback;
    if (!value->is_boolean()) fail(field + "." + key, "must be true or false");
    return value->get<bool>();
}

std::int64_t TokenizerJson::integer(const nlohmann::json& node, const char* key, const std::string& field) const {
    const auto* value = find(node, key);
    if (!value || !value->is_number_integer()) fail(field + "." + key, "must be an integer");
    return value->get<std::int64_t>();
}

const nlohmann::json& TokenizerJson::array(const nlohmann::json& node, const char* key, const std::string& field) const {
    const auto* value = find(node, key);
    if (!value || !value->is_array()) fail(field + "." + key, "must be a list");
    return *value;
}

const nlohmann::json& TokenizerJson::object(const nlohmann::json& node, const char* key, const std::string& field) const {
    const auto* value = find(node, key);
    if (!value || !value->is_object()) fail(field + "." + key, "must be an object");
    return *value;
}

std::string TokenizerJson::pattern(const nlohmann::json& node, const std::string& field, bool allowRegex,
                                   bool& isRegex) const {
    const auto& p = object(node, "pattern", field);
    isRegex = false;
    if (const auto* s = find(p, "String"); s && s->is_string()) return s->get<std::string>();
    if (const auto* r = find(p, "Regex"); r && r->is_string()) {
        if (!allowRegex) fail(field + ".pattern", "Regex '" + r->get<std::string>() + "' is not supported (only String)");
        isRegex = true;
        return r->get<std::string>();
    }
    fail(field + ".pattern", "must be {\"String\": ...} or {\"Regex\": ...}");
}

}  // namespace cb
