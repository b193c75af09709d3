#include "core/attention/cca_decode_cache.h"

#include "core/attention/cca_attention.h"
#include "core/common/error.h"

#include <ATen/ATen.h>

#include <cmath>

namespace cb {

CcaDecodeCache::CcaDecodeCache(int64_t groupSize, int64_t localWindow) : g_(groupSize), s_(localWindow) {
    if (g_ < 1) throw Error("CCA cache: group size must be at least 1");
    if (s_ < 0) throw Error("CCA cache: local window must be non-negative");
}

void CcaDecodeCache::poolCompletedGroups() {
    const int64_t target = ccaGroupCount(length_, g_, s_);
    const double scale = 1.0 / std::sqrt(static_cast<double>(recentKeys_.size(3)));
    for (int64_t j = pooledGroups(); j < target; ++j) {
        const int64_t first = j * g_ - recentStart_;  // the group's tokens are still cached
        if (first < 0) throw Error("CCA cache: group evicted before it was pooled (internal error)");
        const auto keys = recentKeys_.narrow(2, first, g_);
        const auto values = recentValues_.narrow(2, first, g_);
        const auto last = recentQueries_.narrow(2, first + g_ - 1, 1);  // [B,H,1,D]
        const auto weights = at::softmax(at::matmul(last, keys.transpose(-1, -2)).mul(scale), -1, at::kFloat)
                                 .to(keys.scalar_type());  // [B,H,1,g]
        const auto pk = at::matmul(weights, keys), pv = at::matmul(weights, values);
        pooledKeys_ = pooledKeys_.defined() ? at::cat({pooledKeys_, pk}, 2) : pk;
        pooledValues_ = pooledValues_.defined() ? at::cat({pooledValues_, pv}, 2) : pv;
    }
}

at::Tensor CcaDecodeCache::step(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v) {
    if (q.dim() != 4 || q.size(2) != 1) throw Error("CCA cache: step takes one token, [B, H, 1, D]");
    recentQueries_ = recentQueries_.defined() ? at::cat({recentQueries_, q}, 2) : q;
    recentKeys_ = recentKeys_.defined() ? at::cat({recentKeys_, k}, 2) : k;
    recentValues_ = recentValues_.defined() ? at::cat({recentValues_, v}, 2) : v;
    ++length_;
    poolCompletedGroups();

    const int64_t i = length_ - 1;
    const int64_t start = ccaLocalStart(i, g_, s_) - recentStart_;
    auto keys = recentKeys_.narrow(2, start, recentKeys_.size(2) - start);
    auto values = recentValues_.narrow(2, start, recentValues_.size(2) - start);
    // Every pooled group is visible to the newest token: both count (i - s + 1) // g.
    if (pooledGroups() > 0) {
        keys = at::cat({pooledKeys_, keys}, 2);
        values = at::cat({pooledValues_, values}, 2);
    }
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(3)));
    const auto weights = at::softmax(at::matmul(q, keys.transpose(-1, -2)).mul(scale), -1, at::kFloat).to(q.scalar_type());
    const auto out = at::matmul(weights, values);

    // Keep the last s + g tokens: later local windows start no earlier, and groups still to be
    // pooled lie inside them.
    const int64_t keep = s_ + g_;
    if (recentKeys_.size(2) > keep) {
        const int64_t drop = recentKeys_.size(2) - keep;
        recentQueries_ = recentQueries_.narrow(2, drop, keep).contiguous();
        recentKeys_ = recentKeys_.narrow(2, drop, keep).contiguous();
        recentValues_ = recentValues_.narrow(2, drop, keep).contiguous();
        recentStart_ += drop;
    }
    return out;
}

}  // namespace cb
