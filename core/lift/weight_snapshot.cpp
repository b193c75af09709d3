#include "core/lift/weight_snapshot.h"

#include <torch/nn/module.h>

namespace cb {

WeightSnapshot::WeightSnapshot(torch::nn::Module& module) {
    at::NoGradGuard noGrad;
    for (auto& p : module.parameters()) saved_.emplace_back(p, p.detach().clone());
    for (auto& b : module.buffers()) saved_.emplace_back(b, b.detach().clone());
}

WeightSnapshot::~WeightSnapshot() {
    at::NoGradGuard noGrad;
    for (auto& [live, copy] : saved_) {
        live.copy_(copy);
        live.mutable_grad() = at::Tensor();
    }
}

}  // namespace cb
