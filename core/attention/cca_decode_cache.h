#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace cb {

// Incremental CCA decoding for one layer. Holds the queries, keys and values of the most recent
// s + g tokens and the pooled core tokens; when a group completes it is pooled with the cached
// query of its last token. Each step's output equals a full recompute of the newest position.
class CcaDecodeCache {
public:
    CcaDecodeCache(int64_t groupSize, int64_t localWindow);

    // q, k, v: [B, H, 1, D] for the next token (after RoPE, K/V expanded); returns [B, H, 1, D].
    at::Tensor step(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v);

    int64_t length() const { return length_; }
    int64_t pooledGroups() const { return pooledKeys_.defined() ? pooledKeys_.size(2) : 0; }
    int64_t recentTokens() const { return recentKeys_.defined() ? recentKeys_.size(2) : 0; }

private:
    void poolCompletedGroups();

    int64_t g_, s_;
    int64_t length_ = 0;
    int64_t recentStart_ = 0;  // absolute position of the first cached raw token
    at::Tensor recentQueries_, recentKeys_, recentValues_;
    at::Tensor pooledKeys_, pooledValues_;
};

}  // namespace cb
