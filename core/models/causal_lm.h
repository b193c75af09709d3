#pragma once

#include "core/attention/attention_spec.h"

#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace torch::nn {
class Module;
}

namespace cb {

struct ForwardOptions {
    // [B, T] int64; HF's default when absent: 0..T-1 for every row.
    std::optional<at::Tensor> positionIds;
    // [B, T], 1 for real tokens, 0 for (left) padding; absent means no padding.
    std::optional<at::Tensor> attentionMask;
};

// What every analysis needs of a decoder-only language model, whatever its architecture.
class CausalLm {
public:
    virtual ~CausalLm() = default;

    // Last-layer hidden states after the final norm, [B, T, H] (HF's hidden_states[-1]).
    virtual at::Tensor hidden(const at::Tensor& inputIds, const ForwardOptions& options = {}) = 0;
    // Vocabulary logits for hidden states, [..., V].
    virtual at::Tensor logits(const at::Tensor& hidden) = 0;

    virtual torch::nn::Module& module() = 0;
    virtual std::string architecture() const = 0;  // HF `architectures[0]`
    virtual nlohmann::json hfConfig() const = 0;
    virtual int hiddenSize() const = 0;
    virtual int vocabSize() const = 0;
    // Longest input the model accepts; 0 when unbounded.
    virtual int maxContext() const = 0;

    virtual void setAttention(const AttentionSpec& spec) = 0;
    virtual AttentionSpec attention() const = 0;

    // Other names a checkpoint may store a parameter under: the second name of a tied or shared
    // tensor that some writers keep instead of (or besides) the first.
    virtual std::map<std::string, std::vector<std::string>> storedAliases() const { return {}; }

    std::int64_t parameterCount();
};

}  // namespace cb
