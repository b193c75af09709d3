#include "core/attention/attention_spec.h"

#include "core/common/error.h"
#include "core/common/parse_number.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace cb {

nlohmann::json AttentionSpec::toJson() const {
    if (kind == Kind::Full) return {{"kind", "full"}};
    return {{"kind", "cca"}, {"group_size", groupSize}, {"local_window", localWindow}};
}

AttentionSpec AttentionSpec::fromJson(const nlohmann::json& json) {
    const std::string kind = json.value("kind", std::string("full"));
    if (kind == "full") return {};
    if (kind == "cca") return cca(json.value("group_size", 16), json.value("local_window", 1024));
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
        std::stringstream items(text.substr(4));
        std::string item;
        while (std::getline(items, item, ',')) {
            const auto eq = item.find('=');
            const std::string key = item.substr(0, eq);
            const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
            const auto number = parseInteger<int>(value);
            if (!number || (key != "g" && key != "s"))
                throw Error("bad attention setting '" + item + "' in '" + text + "' (expected g=N or s=N)");
            (key == "g" ? g : s) = *number;
        }
        return cca(g, s);
    }
    throw Error("unknown attention '" + text + "' (expected full, cca or cca:g=N,s=N)");
}

std::string AttentionSpec::label() const {
    if (kind == Kind::Full) return "full";
    return "CCA g" + std::to_string(groupSize) + " s" + std::to_string(localWindow);
}

void AttentionSpec::validate() const {
    if (kind != Kind::Cca) return;
    if (groupSize < 1) throw Error("CCA group size g must be at least 1 (got " + std::to_string(groupSize) + ")");
    if (localWindow < 0) throw Error("CCA local window s must be non-negative (got " + std::to_string(localWindow) + ")");
}

}  // namespace cb
