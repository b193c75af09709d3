#include "core/distributed/gradient_reducer.h"

#include "core/common/error.h"
#include "core/models/causal_lm.h"

#include <ATen/ops/zeros.h>
#include <torch/nn/module.h>

namespace cb {

GradientReducer::GradientReducer(std::vector<at::Tensor> parameters, Communicator& communicator, std::size_t bucketBytes)
    : parameters_(std::move(parameters)), communicator_(communicator) {
    const auto n = parameters_.size();
    bucketOf_.assign(n, 0);
    slotOf_.assign(n, 0);
    seen_.assign(n, false);
    std::size_t bytes = 0;
    for (std::size_t k = n; k-- > 0;) {
        const auto& p = parameters_[k];
        if (buckets_.empty() || bytes >= bucketBytes) {
            buckets_.emplace_back();
            bytes = 0;
        }
        auto& bucket = buckets_.back();
        bucketOf_[k] = buckets_.size() - 1;
        slotOf_[k] = bucket.members.size();
        bucket.offsets.push_back(bucket.members.empty() ? 0 : bucket.offsets.back() + parameters_[bucket.members.back()].numel());
        bucket.members.push_back(k);
        bytes += static_cast<std::size_t>(p.numel()) * p.element_size();
    }
    for (auto& bucket : buckets_) {
        const auto last = bucket.members.back();
        const auto total = bucket.offsets.back() + parameters_[last].numel();
        bucket.flat = at::zeros({total}, parameters_[last].options().requires_grad(false));
    }
    if (communicator_.alone()) return;
    for (std::size_t k = 0; k < n; ++k) {
        // The hook sees the parameter's whole gradient of this backward pass (the engine sums every
        // use of a shared tensor before the leaf's accumulation runs) and leaves it unchanged.
        hooks_.push_back(parameters_[k].register_hook([this, k](const at::Tensor& grad) { onGradient(k, grad); }));
    }
}

GradientReducer::~GradientReducer() {
    for (std::size_t k = 0; k < hooks_.size(); ++k) parameters_[k].remove_hook(hooks_[k]);
}

void GradientReducer::prepare(const std::string& stepLabel) {
    stepLabel_ = stepLabel;
    seen_.assign(parameters_.size(), false);
    for (auto& bucket : buckets_) {
        bucket.ready = 0;
        bucket.pending.reset();
        bucket.flat.zero_();
    }
    nextLaunch_ = 0;
    overlapped_ = 0;
    inBackward_ = true;
}

void GradientReducer::onGradient(std::size_t parameter, const at::Tensor& grad) {
    if (!inBackward_ || seen_[parameter]) return;
    seen_[parameter] = true;
    auto& bucket = buckets_[bucketOf_[parameter]];
    const auto offset = bucket.offsets[slotOf_[parameter]];
    bucket.flat.narrow(0, offset, grad.numel()).copy_(grad.reshape({-1}));
    ++bucket.ready;
    launchInOrder();
}

void GradientReducer::launchInOrder() {
    while (nextLaunch_ < buckets_.size() && buckets_[nextLaunch_].ready == buckets_[nextLaunch_].members.size()) {
        auto& bucket = buckets_[nextLaunch_];
        bucket.pending = communicator_.allReduceSumAsync(
            bucket.flat, "all-reducing gradient bucket " + std::to_string(nextLaunch_ + 1) + "/" + std::to_string(buckets_.size()) + " " + stepLabel_);
        ++nextLaunch_;
        if (inBackward_) ++overlapped_;
    }
}

void GradientReducer::finish() {
    if (communicator_.alone()) return;
    inBackward_ = false;
    // Parameters the pass did not reach contribute zeros (their slots were cleared in prepare()).
    for (auto& bucket : buckets_) bucket.ready = bucket.members.size();
    launchInOrder();
    for (auto& bucket : buckets_) bucket.pending->wait();
    for (auto& bucket : buckets_)
        for (std::size_t slot = 0; slot < bucket.members.size(); ++slot) {
            auto& p = parameters_[bucket.members[slot]];
            const auto sum = bucket.flat.narrow(0, bucket.offsets[slot], p.numel()).view(p.sizes());
            if (p.grad().defined()) p.mutable_grad().copy_(sum);
            else p.mutable_grad() = sum.clone();
        }
}

void broadcastModelState(CausalLm& model, Communicator& communicator, const std::string& what) {
    if (communicator.alone()) return;
    at::NoGradGuard noGrad;
    for (auto& item : model.module().named_parameters()) communicator.broadcast(item.value(), what + ": " + item.key());
    for (auto& item : model.module().named_buffers()) communicator.broadcast(item.value(), what + ": " + item.key());
}

}  // namespace cb
