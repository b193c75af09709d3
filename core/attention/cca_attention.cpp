#include "core/attention/cca_attention.h"

#include "core/attention/cca_cpu.h"
#include "core/attention/cca_cuda.h"

#include "core/common/error.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <mutex>
#include <utility>
#include <cmath>
#include <limits>

namespace cb {

void checkCcaInputs(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s) {
    if (g < 1) throw Error("CCA: group size g must be at least 1 (got " + std::to_string(g) + ")");
    if (s < 0) throw Error("CCA: local window s must be non-negative (got " + std::to_string(s) + ")");
    if (q.dim() != 4 || k.sizes() != q.sizes() || v.sizes() != q.sizes())
        throw Error("CCA: q, k, v must share the shape [B, H, L, D] (K/V expanded to the query heads)");
}

namespace {

// Softmax in float32 whatever the activation dtype: bf16 sums over thousands of keys lose too much.
at::Tensor softmaxLastDim(const at::Tensor& scores) {
    return at::softmax(scores, -1, at::kFloat).to(scores.scalar_type());
}

// Positions [q0, q1) as a column and key positions [k0, k1) as a row, on the device of `like`.
std::pair<at::Tensor, at::Tensor> positionGrid(int64_t q0, int64_t q1, int64_t k0, int64_t k1, const at::Tensor& like) {
    const auto options = like.options().dtype(at::kLong);
    return {at::arange(q0, q1, options).unsqueeze(1), at::arange(k0, k1, options).unsqueeze(0)};
}

// Masks of one query block: raw keys [k0, k1) inside each query's local window; core tokens [0, nc)
// visible to each query.
at::Tensor localMask(int64_t q0, int64_t q1, int64_t k0, int64_t k1, int64_t g, int64_t s, const at::Tensor& like) {
    auto [qi, kp] = positionGrid(q0, q1, k0, k1, like);
    const auto start = (qi - s - at::remainder(qi + 1, g) + 1).clamp_min(0);
    return (kp >= start).logical_and(kp <= qi);
}

at::Tensor coreMask(int64_t q0, int64_t q1, int64_t groups, int64_t g, int64_t s, const at::Tensor& like) {
    auto [qi, j] = positionGrid(q0, q1, 0, groups, like);
    // (j + 1) g - 1 <= i - s
    return (j + 1) * g - 1 <= qi - s;
}

}  // namespace

int64_t ccaGroupCount(int64_t length, int64_t g, int64_t s) { return length > s ? (length - s) / g : 0; }

int64_t ccaVisibleGroups(int64_t i, int64_t g, int64_t s, int64_t groups) {
    const int64_t numerator = i - s + 1;
    if (numerator <= 0) return 0;
    return std::min(groups, numerator / g);
}

int64_t ccaLocalStart(int64_t i, int64_t g, int64_t s) { return std::max<int64_t>(0, i - s - ((i + 1) % g) + 1); }

CcaPooled ccaPool(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s) {
    checkCcaInputs(q, k, v, g, s);
    const auto b = q.size(0), h = q.size(1), length = q.size(2), d = q.size(3);
    const auto m = ccaGroupCount(length, g, s);
    if (m == 0) return {q.new_empty({b, h, 0, d}), q.new_empty({b, h, 0, d})};
    const auto keys = k.narrow(2, 0, m * g).reshape({b, h, m, g, d});
    const auto values = v.narrow(2, 0, m * g).reshape({b, h, m, g, d});
    const auto last = q.narrow(2, g - 1, m * g - (g - 1)).slice(2, 0, std::numeric_limits<int64_t>::max(), g);  // [B,H,m,D]
    const auto scores = at::matmul(keys, last.unsqueeze(-1)).squeeze(-1) / std::sqrt(static_cast<double>(d));  // [B,H,m,g]
    // [.., 1, g] x [.., g, D]: no [B, H, m, g, D] product is ever held.
    const auto weights = softmaxLastDim(scores).unsqueeze(-2);
    return {at::matmul(weights, keys).squeeze(-2), at::matmul(weights, values).squeeze(-2)};
}

at::Tensor ccaAttentionReference(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s) {
    const auto pooled = ccaPool(q, k, v, g, s);
    const auto length = q.size(2), m = pooled.keys.size(2);
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(3)));
    const auto keys = at::cat({pooled.keys, k}, 2);
    const auto values = at::cat({pooled.values, v}, 2);
    const auto mask = at::cat({coreMask(0, length, m, g, s, q), localMask(0, length, 0, length, g, s, q)}, 1);
    const auto scores = at::matmul(q, keys.transpose(-1, -2)).mul(scale).masked_fill(mask.logical_not(), -INFINITY);
    return at::matmul(softmaxLastDim(scores), values);
}

at::Tensor ccaAttentionBlocked(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s,
                               int64_t queryBlock) {
    const auto pooled = ccaPool(q, k, v, g, s);
    const auto length = q.size(2), m = pooled.keys.size(2);
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(3)));
    if (queryBlock <= 0) queryBlock = q.is_cuda() ? 1024 : 256;

    std::vector<at::Tensor> blocks;
    for (int64_t q0 = 0; q0 < length; q0 += queryBlock) {
        const int64_t q1 = std::min(length, q0 + queryBlock);
        // The earliest raw key any query of the block may see, and the core tokens its last query sees.
        const int64_t k0 = std::max<int64_t>(0, q0 - s - g + 1);
        const int64_t nc = ccaVisibleGroups(q1 - 1, g, s, m);
        const auto queries = q.narrow(2, q0, q1 - q0);
        auto keys = k.narrow(2, k0, q1 - k0);
        auto values = v.narrow(2, k0, q1 - k0);
        auto mask = localMask(q0, q1, k0, q1, g, s, q);
        if (nc > 0) {
            keys = at::cat({pooled.keys.narrow(2, 0, nc), keys}, 2);
            values = at::cat({pooled.values.narrow(2, 0, nc), values}, 2);
            mask = at::cat({coreMask(q0, q1, nc, g, s, q), mask}, 1);
        }
        // LibTorch's fused attention with our mask: on the CPU its blocked kernel never holds the block's
        // scores and probabilities at once, which the plain matmul-softmax-matmul would.
        blocks.push_back(at::scaled_dot_product_attention(queries, keys, values, mask, 0.0, false, scale));
    }
    return at::cat(blocks, 2);
}

}  // namespace cb

namespace cb {

CcaPath ccaPathFor(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s) {
    // With gradients the blocked path is the one that trains: no fast path is expected, so no notice.
    if (q.requires_grad() || k.requires_grad() || v.requires_grad()) return {"blocked", {}};
    if (q.is_cuda()) {
        const auto why = ccaCudaUnsupported(q, k, v, g, s);
        if (why.empty()) return {"cuda-fused", {}};
        return {"blocked", "CCA runs on the blocked path (exact, slower): the CUDA fast path declined these inputs: " + why};
    }
    const auto why = ccaCpuUnsupported(q, k, v);
    if (why.empty()) return {"cpu-tiled", {}};
    return {"blocked", "CCA runs on the blocked path (exact, slower): the CPU fast path declined these inputs: " + why};
}

namespace {

std::mutex noticesMutex;
std::vector<std::string> pendingNotices;

void remember(const std::string& notice) {
    std::lock_guard lock(noticesMutex);
    if (std::find(pendingNotices.begin(), pendingNotices.end(), notice) == pendingNotices.end()) pendingNotices.push_back(notice);
}

}  // namespace

std::vector<std::string> takeCcaNotices() {
    std::lock_guard lock(noticesMutex);
    return std::exchange(pendingNotices, {});
}

namespace {

at::Tensor dispatch(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s, CcaOutput output) {
    const auto path = ccaPathFor(q, k, v, g, s);
    if (!path.notice.empty()) remember(path.notice);
    if (path.name == "cuda-fused") return ccaAttentionCuda(q, k, v, g, s, output);
    if (path.name == "cpu-tiled") return ccaAttentionCpu(q, k, v, g, s, 0, output);
    return ccaAttentionBlocked(q, k, v, g, s);
}

}  // namespace

at::Tensor ccaAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s) {
    return dispatch(q, k, v, g, s, CcaOutput::Fresh);
}

at::Tensor ccaAttentionOverQueries(at::Tensor q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s) {
    // Queries that share storage with the keys or values (q passed as k, one fused projection) would
    // be overwritten while other tiles still read those keys: then a fresh output.
    const bool shared = q.is_alias_of(k) || q.is_alias_of(v);
    return dispatch(q, k, v, g, s, shared ? CcaOutput::Fresh : CcaOutput::OverQueries);
}

}  // namespace cb
