#pragma once

#include "core/distributed/communicator.h"

#include <ATen/core/Tensor.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace cb {

// Data-parallel gradients: sums every parameter's gradient over the ranks while the backward pass
// is still running. Parameters are packed into buckets of about `bucketBytes`, in reverse order
// (the order gradients arrive in); a bucket's all-reduce starts as soon as its last gradient has
// been computed and every earlier bucket has started, so every rank issues the same collectives in
// the same order. Gradients are summed, not averaged: the loss on each rank is already its share of
// the global mean, which makes the result that of one process over the whole batch.
class GradientReducer {
public:
    GradientReducer(std::vector<at::Tensor> parameters, Communicator& communicator, std::size_t bucketBytes = 25u << 20);
    ~GradientReducer();
    GradientReducer(const GradientReducer&) = delete;
    GradientReducer& operator=(const GradientReducer&) = delete;

    // Call before each backward pass.
    void prepare(const std::string& stepLabel);
    // Call after it: starts what is left (parameters that got no gradient count as zero), waits for
    // every bucket and writes the sums into the parameters' .grad. A parameter that no rank reached
    // ends with a zero gradient where one process would leave it without one (AdamW then still
    // decays it); the four architectures use every parameter in every step, so this does not arise.
    void finish();

    std::size_t bucketCount() const { return buckets_.size(); }
    // Buckets whose all-reduce started inside the last backward pass, before finish().
    std::size_t overlappedBuckets() const { return overlapped_; }

private:
    struct Bucket {
        at::Tensor flat;
        std::vector<std::size_t> members;   // parameter indices
        std::vector<std::int64_t> offsets;  // element offset of each member in flat
        std::size_t ready = 0;
        std::unique_ptr<PendingCollective> pending;
    };
    void onGradient(std::size_t parameter, const at::Tensor& grad);
    void launchInOrder();

    std::vector<at::Tensor> parameters_;
    Communicator& communicator_;
    std::vector<Bucket> buckets_;
    std::vector<std::size_t> bucketOf_, slotOf_;
    std::vector<bool> seen_;
    std::vector<unsigned> hooks_;
    std::size_t nextLaunch_ = 0;
    std::size_t overlapped_ = 0;
    bool inBackward_ = false;
    std::string stepLabel_;
};

// Gives every rank rank 0's parameters and buffers (the start of data-parallel training).
class CausalLm;
void broadcastModelState(CausalLm& model, Communicator& communicator, const std::string& what);

}  // namespace cb
