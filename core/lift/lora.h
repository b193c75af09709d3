#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cb {

class CausalLm;
class DenseImpl;
struct LowRankDelta;

// LoRA adapters (rank r, scale alpha/r) on the named projections of a model, for as long as this
// object lives. The base weights are frozen meanwhile and untouched: when the attachment ends the
// adapters are removed and every parameter gets back its own requires_grad flag, so the model is
// bit-identical to what it was.
class LoraAttachment {
public:
    LoraAttachment(CausalLm& model, int rank, double alpha, std::uint64_t seed,
                   const std::vector<std::string>& targets = {"q_proj", "k_proj", "v_proj", "o_proj"});
    ~LoraAttachment();
    LoraAttachment(const LoraAttachment&) = delete;
    LoraAttachment& operator=(const LoraAttachment&) = delete;

    std::vector<at::Tensor> parameters() const;  // the A and B matrices, trainable
    std::size_t adaptedLayers() const { return adapted_.size(); }
    std::int64_t trainableCount() const;

    // Each adapted projection's weight as W + scale * B A (on the CPU, the weight's dtype), keyed by
    // the parameter name ("model.layers.0.self_attn.q_proj.weight"): what a merged checkpoint stores.
    std::map<std::string, at::Tensor> mergedWeights() const;

private:
    struct Adapted {
        std::string name;  // the module's name in the model
        std::shared_ptr<DenseImpl> layer;
        std::shared_ptr<LowRankDelta> delta;
    };
    std::vector<Adapted> adapted_;
    std::vector<std::pair<at::Tensor, bool>> frozen_;  // every base parameter and its flag before
};

}  // namespace cb
