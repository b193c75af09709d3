#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
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
    // CCA adapted: before it is evaluated, the model continues pretraining with CCA swapped in for
    // this many tokens (the paper's "fine-tune after the swap"); 0 is the zero-shot swap.
    std::int64_t adaptTokens = 0;

    nlohmann::json toJson() const;
    static AttentionSpec fromJson(const nlohmann::json& json);
    // "full", "cca" (g 16, s 1024), "cca:g=8,s=256" or "cca:g=8,s=256,adapt=200000"; throws
    // cb::Error naming the bad text.
    static AttentionSpec parse(const std::string& text);
    static AttentionSpec cca(int groupSize, int localWindow);
    // "full", "CCA g16 s1024" or "CCA g16 s1024 adapted 200K".
    std::string label() const;
    // Throws cb::Error when g < 1 or s < 0.
    void validate() const;
    bool operator==(const AttentionSpec&) const = default;
};

}  // namespace cb
