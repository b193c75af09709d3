#include "core/attention/cca_flash.h"

#include "core/attention/cca_attention.h"
#include "core/common/error.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

namespace cb {
namespace {

struct Partial {
    at::Tensor out;  // [B, H, L, D], zero where the part has no keys
    at::Tensor lse;  // [B, H, L] float32, -inf where the part has no keys
};

// Flash layout is [B, L, H, D]; ours is [B, H, L, D].
at::Tensor flashLayout(const at::Tensor& x) { return x.transpose(1, 2); }

Partial localPart(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t s, double scale) {
    const auto length = q.size(2);
    auto result = at::_flash_attention_forward(flashLayout(q), flashLayout(k), flashLayout(v), std::nullopt, std::nullopt,
                                               length, length, 0.0, /*is_causal=*/true, false, scale,
                                               /*window_size_left=*/s - 1, /*window_size_right=*/0);
    return {std::get<0>(result).transpose(1, 2), std::get<1>(result).narrow(2, 0, length)};
}

// Scatters rows of a part computed for query positions `index` (some >= L, dropped) into [B, H, L].
Partial scatter(const at::Tensor& out, const at::Tensor& lse, const at::Tensor& index, int64_t length) {
    const auto valid = index < length;
    const auto positions = index.masked_select(valid);
    const auto b = out.size(0), h = out.size(1), d = out.size(3);
    auto full = at::zeros({b, h, length, d}, out.options());
    auto fullLse = at::full({b, h, length}, -std::numeric_limits<float>::infinity(), lse.options());
    full.index_copy_(2, positions, out.index({at::indexing::Slice(), at::indexing::Slice(), valid}));
    fullLse.index_copy_(2, positions, lse.index({at::indexing::Slice(), at::indexing::Slice(), valid}));
    return {full, fullLse};
}

Partial corePart(const at::Tensor& q, const CcaPooled& pooled, int64_t g, int64_t s, double scale) {
    const auto b = q.size(0), h = q.size(1), length = q.size(2), d = q.size(3);
    const auto groups = pooled.keys.size(2);
    // Query (t, c) is position s - 1 + c g + t, c = 1..groups: it sees core tokens 0..c-1.
    const auto options = q.options().dtype(at::kLong);
    const auto t = at::arange(g, options).unsqueeze(1);
    const auto c = at::arange(1, groups + 1, options).unsqueeze(0);
    const auto index = (s - 1 + c * g + t).reshape({-1});  // [g * groups], t-major
    const auto queries = q.index_select(2, index.clamp_max(length - 1))
                             .view({b, h, g, groups, d})
                             .permute({0, 2, 3, 1, 4})
                             .reshape({b * g, groups, h, d});
    const auto keys = flashLayout(pooled.keys).unsqueeze(1).expand({b, g, groups, h, d}).reshape({b * g, groups, h, d});
    const auto values = flashLayout(pooled.values).unsqueeze(1).expand({b, g, groups, h, d}).reshape({b * g, groups, h, d});
    auto result = at::_flash_attention_forward(queries, keys, values, std::nullopt, std::nullopt, groups, groups, 0.0,
                                               /*is_causal=*/true, false, scale);
    const auto out = std::get<0>(result).view({b, g, groups, h, d}).permute({0, 3, 1, 2, 4}).reshape({b, h, g * groups, d});
    const auto lse = std::get<1>(result).narrow(2, 0, groups).reshape({b, g, h, groups}).permute({0, 2, 1, 3}).reshape({b, h, g * groups});
    return scatter(out, lse, index, length);
}

Partial extraPart(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s, double scale) {
    const auto b = q.size(0), h = q.size(1), length = q.size(2), d = q.size(3);
    const auto groups = ccaGroupCount(length, g, s) + 1;
    const auto options = q.options().dtype(at::kLong);
    const auto t = at::arange(g, options).unsqueeze(0);
    const auto c = at::arange(groups, options).unsqueeze(1);
    const auto queryIndex = (s - 1 + c * g + t).reshape({-1});  // group-major: [groups * g]
    const auto keyIndex = (c * g + t).reshape({-1}).clamp_max(length - 1);
    auto gather = [&](const at::Tensor& x, const at::Tensor& index) {
        return x.index_select(2, index.clamp_max(length - 1)).view({b, h, groups, g, d});
    };
    const auto queries = gather(q, queryIndex), keys = gather(k, keyIndex), values = gather(v, keyIndex);
    auto scores = at::matmul(queries, keys.transpose(-1, -2)).to(at::kFloat).mul(scale);  // [B,H,G,g,g]
    // Query t sees the group's first t tokens.
    const auto visible = at::ones({g, g}, options.dtype(at::kBool)).tril(-1);
    scores = scores.masked_fill(visible.logical_not(), -std::numeric_limits<float>::infinity());
    const auto lse = at::logsumexp(scores, -1);  // -inf for t = 0
    const auto probs = at::where(at::isfinite(lse).unsqueeze(-1), at::exp(scores - lse.unsqueeze(-1)), at::zeros_like(scores));
    const auto out = at::matmul(probs.to(values.scalar_type()), values).reshape({b, h, groups * g, d});
    return scatter(out, lse.reshape({b, h, groups * g}), queryIndex, length);
}

}  // namespace

std::string ccaFlashUnsupported(const at::Tensor& q, int64_t g, int64_t s) {
    if (!q.is_cuda()) return "not a CUDA tensor";
    if (q.scalar_type() != at::kBFloat16 && q.scalar_type() != at::kHalf) return "flash needs bf16 or fp16";
    if (s < 1 || g < 1 || s % g != 0) return "s must be a positive multiple of g";
    const auto d = q.size(3);
    if (d % 8 != 0 || d > 256) return "head dimension must be a multiple of 8, at most 256";
    if (q.requires_grad()) return "forward only";
    return {};
}

at::Tensor ccaAttentionFlash(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s) {
    if (const auto why = ccaFlashUnsupported(q, g, s); !why.empty()) throw Error("CCA flash path unavailable: " + why);
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(3)));
    std::vector<Partial> parts{localPart(q, k, v, s, scale)};
    if (ccaGroupCount(q.size(2), g, s) > 0) parts.push_back(corePart(q, ccaPool(q, k, v, g, s), g, s, scale));
    if (q.size(2) > s) parts.push_back(extraPart(q, k, v, g, s, scale));
    if (parts.size() == 1) return parts.front().out;

    std::vector<at::Tensor> lses;
    for (const auto& p : parts) lses.push_back(p.lse);
    const auto total = at::logsumexp(at::stack(lses), 0);  // finite: every query sees itself
    at::Tensor out = at::zeros_like(parts.front().out, parts.front().out.options().dtype(at::kFloat));
    for (const auto& p : parts) out = out + at::exp(p.lse - total).unsqueeze(-1) * p.out.to(at::kFloat);
    return out.to(q.scalar_type());
}

}  // namespace cb
