#include "core/attention/attention_spec.h"

#include "core/common/error.h"
#include "core/common/parse_number.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <sstream>

namespace cb {

nlohmann::json AttentionSpec::toJson() const {
    if (kind == Kind::Full) return {{"kind", "full"}};
    nlohmann::json json = {{"kind", "cca"}, {"group_size", groupSize}, {"local_window", localWindow}};
    // Only when set: the keys of zero-shot runs stay what they were.
    if (adaptTokens > 0) json["adapt_tokens"] = adaptTokens;
    return json;
}

AttentionSpec AttentionSpec::fromJson(const nlohmann::json& json) {
    const std::string kind = json.value("kind", std::string("full"));
    if (kind == "full") return {};
    if (kind == "cca") {
        auto spec = cca(json.value("group_size", 16), json.value("local_window", 1024));
        spec.adaptTokens = json.value("adapt_tokens", std::int64_t{0});
        spec.validate();
        return spec;
    }
    throw Error("unknown attention kind '" + kind + "' (expected full or cca)");
}

AttentionSpec AttentionSpec::cca(int groupSize, int localWindow) {
    AttentionSpec spec;
    spec.kind = Kind::Cca;
    spec.groupSize = groupSize;
    spec.localWindow = localWindow;
    spec.validate();
    return spec;
}

AttentionSpec AttentionSpec::parse(const std::string& text) {
    if (text == "full") return {};
    if (text == "cca") return cca(16, 1024);
    if (text.rfind("cca:", 0) == 0) {
        int g = 16, s = 1024;
        std::int64_t adapt = 0;
        std::stringstream items(text.substr(4));
        std::string item;
        while (std::getline(items, item, ',')) {
            const auto eq = item.find('=');
            const std::string key = item.substr(0, eq);
            const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
            const auto number = parseInteger<std::int64_t>(value);
            if (!number || (key != "g" && key != "s" && key != "adapt") || (key != "adapt" && (*number < INT32_MIN || *number > INT32_MAX)))
                throw Error("bad attention setting '" + item + "' in '" + text + "' (expected g=N, s=N or adapt=TOKENS)");
            if (key == "adapt") adapt = *number;
            else (key == "g" ? g : s) = static_cast<int>(*number);
        }
        auto spec = cca(g, s);
        spec.adaptTokens = adapt;
        spec.validate();
        return spec;
    }
    throw Error("unknown attention '" + text + "' (expected full, cca or cca:g=N,s=N)");
}

std::string AttentionSpec::label() const {
    if (kind == Kind::Full) return "full";
    std::string text = "CCA g" + std::to_string(groupSize) + " s" + std::to_string(localWindow);
    if (adaptTokens > 0)
        text += " adapted " + (adaptTokens % 1000 == 0 ? std::to_string(adaptTokens / 1000) + "K" : std::to_string(adaptTokens));
    return text;
}

void AttentionSpec::validate() const {
    if (kind != Kind::Cca) {
        if (adaptTokens != 0) throw Error("only CCA can be adapted: full attention is what the model was trained with");
        return;
    }
    if (adaptTokens < 0) throw Error("CCA adapt tokens must be non-negative (got " + std::to_string(adaptTokens) + ")");
    if (groupSize < 1) throw Error("CCA group size g must be at least 1 (got " + std::to_string(groupSize) + ")");
    if (localWindow < 0) throw Error("CCA local window s must be non-negative (got " + std::to_string(localWindow) + ")");
}

}  // namespace cb
