#pragma once

#include <ATen/core/Tensor.h>

#include <optional>

namespace cb {

// Causal attention through at::scaled_dot_product_attention (SDPA's choice on CUDA, the flash kernel
// when training in half precision there; the blocked flash kernel on CPU). q, k, v: [B, H, T, D] with
// K/V already expanded to the query heads.
// `keyValid` ([B, T], true for real tokens) masks left padding; without it the fast causal path runs.
at::Tensor fullCausalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                               const std::optional<at::Tensor>& keyValid = std::nullopt);

// [B, Hkv, T, D] -> [B, Hkv * groups, T, D], query head h reading KV head h / groups (HF repeat_kv).
at::Tensor expandKvHeads(const at::Tensor& kv, int64_t groups);

}  // namespace cb
