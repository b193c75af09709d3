#include "core/runtime/cuda_memory_cap.h"

#include "core/common/error.h"

#include <ATen/ATen.h>
#include <torch/cuda.h>

#if __has_include(<c10/cuda/CUDACachingAllocator.h>) && defined(CONTEXTBENCH_WITH_CUDA_HEADERS)
#include <c10/cuda/CUDACachingAllocator.h>
#define CONTEXTBENCH_CUDA_CAP 1
#endif

#include <cstdlib>
#include <string>

namespace cb {

void applyCudaMemoryCap() {
    const char* text = std::getenv("CONTEXTBENCH_CUDA_MEMORY_FRACTION");
    if (!text || !*text) return;
    char* end = nullptr;
    const double fraction = std::strtod(text, &end);
    if (*end != '\0' || !(fraction > 0.0 && fraction <= 1.0))
        throw Error(std::string("CONTEXTBENCH_CUDA_MEMORY_FRACTION='") + text + "' is not a fraction in (0, 1]");
#ifdef CONTEXTBENCH_CUDA_CAP
    if (!torch::cuda::is_available()) return;
    for (int d = 0; d < static_cast<int>(torch::cuda::device_count()); ++d) {
        // The caching allocator starts lazily, with the first allocation on the device.
        (void)at::empty({1}, at::TensorOptions().device(at::kCUDA, static_cast<c10::DeviceIndex>(d)));
        c10::cuda::CUDACachingAllocator::setMemoryFraction(fraction, static_cast<c10::DeviceIndex>(d));
    }
#endif
}

}  // namespace cb
