#include "core/attention/attention_spec.h"

#include "core/common/error.h"

#include <nlohmann/json.hpp>

namespace cb {

nlohmann::json AttentionSpec::toJson() const { return {{"kind", "full"}}; }

AttentionSpec AttentionSpec::fromJson(const nlohmann::json& json) {
    return parse(json.value("kind", std::string("full")));
}

AttentionSpec AttentionSpec::parse(const std::string& text) {
    if (text == "full") return {};
    throw Error("unknown attention '" + text + "' (expected: full)");
}

std::string AttentionSpec::label() const { return "full"; }

}  // namespace cb
