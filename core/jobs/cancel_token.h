#pragma once

#include "core/common/error.h"

#include <atomic>
#include <memory>

namespace cb {

// Shared flag for cooperative cancel: copies observe the same flag, so the GUI keeps one copy and
// the worker polls another.
class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}

    void cancel() { flag_->store(true, std::memory_order_relaxed); }
    bool cancelled() const { return flag_->load(std::memory_order_relaxed); }
    void throwIfCancelled() const {
        if (cancelled()) throw Cancelled();
    }

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace cb
