#include "core/runtime/peak_memory.h"

#include <fstream>
#include <string>

#if __has_include(<c10/cuda/CUDACachingAllocator.h>) && defined(CONTEXTBENCH_WITH_CUDA_HEADERS)
#include <c10/cuda/CUDACachingAllocator.h>
#define CONTEXTBENCH_CUDA_STATS 1
#endif

namespace cb {
namespace {

std::int64_t statusKilobytes(const char* field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    const std::string key = std::string(field) + ":";
    while (std::getline(status, line))
        if (line.rfind(key, 0) == 0) return std::stoll(line.substr(key.size()));
    return 0;
}

void resetResidentPeak() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
}

}  // namespace

PeakMemoryProbe::PeakMemoryProbe(const c10::Device& device) : device_(device) {
#ifdef CONTEXTBENCH_CUDA_STATS
    if (device_.is_cuda()) {
        auto& allocator = *c10::cuda::CUDACachingAllocator::get();
        allocator.resetPeakStats(device_.index());
        baseline_ = allocator.getDeviceStats(device_.index()).allocated_bytes[0].current;
        return;
    }
#endif
    resetResidentPeak();
    baseline_ = statusKilobytes("VmRSS") * 1024;
}

double PeakMemoryProbe::peakMegabytes() const {
    std::int64_t peak = 0;
#ifdef CONTEXTBENCH_CUDA_STATS
    if (device_.is_cuda()) {
        peak = c10::cuda::CUDACachingAllocator::get()->getDeviceStats(device_.index()).allocated_bytes[0].peak;
        return static_cast<double>(peak - baseline_) / (1024.0 * 1024.0);
    }
#endif
    peak = statusKilobytes("VmHWM") * 1024;
    return static_cast<double>(std::max<std::int64_t>(0, peak - baseline_)) / (1024.0 * 1024.0);
}

}  // namespace cb
