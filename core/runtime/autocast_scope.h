#pragma once

#include <c10/core/DeviceType.h>
#include <c10/core/ScalarType.h>

namespace cb {

// bf16 autocast on a device for as long as it lives: matrix products and attention run in bf16,
// weights, optimizer state, norms and losses stay fp32. Autocast caches the bf16 copies of the
// weights; they go stale whenever the weights change, so trainers call weightsChanged() after every
// optimizer step. Disabled, it does nothing.
class AutocastScope {
public:
    AutocastScope(bool enabled, c10::DeviceType device);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;
    void weightsChanged() const;

private:
    bool enabled_;
    c10::DeviceType device_;
    bool wasEnabled_ = false;
    c10::ScalarType previous_ = c10::kBFloat16;
};

}  // namespace cb
