#include "core/attention/full_attention.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

namespace cb {

at::Tensor expandKvHeads(const at::Tensor& kv, int64_t groups) {
    if (groups == 1) return kv;
    const auto b = kv.size(0), h = kv.size(1), t = kv.size(2), d = kv.size(3);
    return kv.unsqueeze(2).expand({b, h, groups, t, d}).reshape({b, h * groups, t, d});
}

namespace {

// Training on a GPU in half precision: the flash kernel, which ships compiled. SDPA's first choice
// there, cuDNN, builds and compiles a graph for every new shape on its first call (about 1.7 s
// forward and 1.2 s backward on an H200), which a test-time fine-tune of a few seconds cannot
// amortise. Inference keeps SDPA's choice: at long contexts cuDNN's forward is the faster one.
bool trainsWithFlash(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v) {
    if (!at::GradMode::is_enabled() || !(q.requires_grad() || k.requires_grad() || v.requires_grad())) return false;
    if (!q.is_cuda() || (q.scalar_type() != at::kBFloat16 && q.scalar_type() != at::kHalf)) return false;
    if (k.scalar_type() != q.scalar_type() || v.scalar_type() != q.scalar_type()) return false;
    const auto d = q.size(-1);
    return d <= 256 && d % 8 == 0 && q.stride(-1) == 1 && k.stride(-1) == 1 && v.stride(-1) == 1;
}

}  // namespace

at::Tensor fullCausalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                               const std::optional<at::Tensor>& keyValid) {
    if (!keyValid && trainsWithFlash(q, k, v))
        return std::get<0>(at::_scaled_dot_product_flash_attention(q, k, v, 0.0, /*is_causal=*/true));
    if (!keyValid) return at::scaled_dot_product_attention(q, k, v, {}, 0.0, /*is_causal=*/true);
    const auto t = q.size(2);
    auto causal = at::ones({t, t}, q.options().dtype(at::kBool)).tril();
    // A padding query sees itself, so no softmax row is empty (its output is never read).
    auto mask = causal.unsqueeze(0) & keyValid.value().to(at::kBool).unsqueeze(1);
    mask = mask | at::eye(t, q.options().dtype(at::kBool)).unsqueeze(0);
    return at::scaled_dot_product_attention(q, k, v, mask.unsqueeze(1), 0.0, false);
}

}  // namespace cb
