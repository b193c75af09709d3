#include "core/train/gradient_clip.h"

#include <ATen/ops/clamp.h>
#include <ATen/ops/linalg_vector_norm.h>
#include <ATen/ops/stack.h>

namespace cb {

void clipGradientNorm(const std::vector<at::Tensor>& parameters, double maxNorm) {
    std::vector<at::Tensor> norms;
    for (const auto& p : parameters)
        if (p.grad().defined()) norms.push_back(at::linalg_vector_norm(p.grad().detach(), 2));
    if (norms.empty()) return;
    const auto total = at::linalg_vector_norm(at::stack(norms), 2);
    const auto coefficient = at::clamp(maxNorm / (total + 1e-6), std::nullopt, 1.0);
    for (const auto& p : parameters)
        if (p.grad().defined()) p.grad().detach().mul_(coefficient.to(p.grad().device()));
}

}  // namespace cb
