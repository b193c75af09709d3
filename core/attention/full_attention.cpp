#include "core/attention/full_attention.h"

#include <ATen/ATen.h>

namespace cb {

at::Tensor expandKvHeads(const at::Tensor& kv, int64_t groups) {
    if (groups == 1) return kv;
    const auto b = kv.size(0), h = kv.size(1), t = kv.size(2), d = kv.size(3);
    return kv.unsqueeze(2).expand({b, h, groups, t, d}).reshape({b, h * groups, t, d});
}

at::Tensor fullCausalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                               const std::optional<at::Tensor>& keyValid) {
    if (!keyValid) return at::scaled_dot_product_attention(q, k, v, {}, 0.0, /*is_causal=*/true);
    const auto t = q.size(2);
    auto causal = at::ones({t, t}, q.options().dtype(at::kBool)).tril();
    // A padding query sees itself, so no softmax row is empty (its output is never read).
    auto mask = causal.unsqueeze(0) & keyValid.value().to(at::kBool).unsqueeze(1);
    mask = mask | at::eye(t, q.options().dtype(at::kBool)).unsqueeze(0);
    return at::scaled_dot_product_attention(q, k, v, mask.unsqueeze(1), 0.0, false);
}

}  // namespace cb
