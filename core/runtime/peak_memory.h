#pragma once

#include <c10/core/Device.h>

#include <cstdint>

namespace cb {

// Peak memory of the work done while the probe lives, over what was held when it started: the
// CUDA caching allocator's peak on a GPU, the process's peak resident set (VmHWM, reset through
// /proc/self/clear_refs) on the CPU.
class PeakMemoryProbe {
public:
    explicit PeakMemoryProbe(const c10::Device& device);
    double peakMegabytes() const;

private:
    c10::Device device_;
    std::int64_t baseline_ = 0;
};

}  // namespace cb
