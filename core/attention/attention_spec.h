#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace cb {

// Which attention a model runs with: full causal attention, or Core Context Aware attention with
// group size g and local window s. Part of every evaluation's cache key and of every curve label;
// changeable at inference time (CCA adds no parameters).
struct AttentionSpec {
    enum class Kind { Full, Cca };
    Kind kind = Kind::Full;
    int groupSize = 16;     // g
    int localWindow = 1024; // s

    nlohmann::json toJson() const;
    static AttentionSpec fromJson(const nlohmann::json& json);
    // "full", "cca" (g 16, s 1024) or "cca:g=8,s=256"; throws cb::Error naming the bad text.
    static AttentionSpec parse(const std::string& text);
    static AttentionSpec cca(int groupSize, int localWindow);
    // "full" or "CCA g16 s1024".
    std::string label() const;
    // Throws cb::Error when g < 1 or s < 0.
    void validate() const;
    bool operator==(const AttentionSpec&) const = default;
};

}  // namespace cb
