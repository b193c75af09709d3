#include "core/runtime/autocast_scope.h"

#include <ATen/autocast_mode.h>

namespace cb {

AutocastScope::AutocastScope(bool enabled, c10::DeviceType device) : enabled_(enabled), device_(device) {
    if (!enabled_) return;
    wasEnabled_ = at::autocast::is_autocast_enabled(device_);
    previous_ = at::autocast::get_autocast_dtype(device_);
    at::autocast::set_autocast_dtype(device_, at::kBFloat16);
    at::autocast::set_autocast_enabled(device_, true);
}

AutocastScope::~AutocastScope() {
    if (!enabled_) return;
    at::autocast::set_autocast_enabled(device_, wasEnabled_);
    at::autocast::set_autocast_dtype(device_, previous_);
    at::autocast::clear_cache();
}

void AutocastScope::weightsChanged() const {
    if (enabled_) at::autocast::clear_cache();
}

}  // namespace cb
