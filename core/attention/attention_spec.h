#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace cb {

// Which attention a model runs with. Part of every evaluation's cache key and of every curve label.
struct AttentionSpec {
    enum class Kind { Full };
    Kind kind = Kind::Full;

    nlohmann::json toJson() const;
    static AttentionSpec fromJson(const nlohmann::json& json);
    // "full"; throws cb::Error naming the bad text.
    static AttentionSpec parse(const std::string& text);
    std::string label() const;
    bool operator==(const AttentionSpec&) const = default;
};

}  // namespace cb
