#include "core/distributed/c10d_backends.h"

#ifdef CONTEXTBENCH_WITH_NCCL
#include <c10/cuda/CUDAFunctions.h>
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace cb::detail {

bool haveNccl() {
#ifdef CONTEXTBENCH_WITH_NCCL
    return true;
#else
    return false;
#endif
}

c10::intrusive_ptr<c10d::Backend> makeNcclBackend(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size,
                                                  int device, std::chrono::milliseconds timeout) {
#ifdef CONTEXTBENCH_WITH_NCCL
    // NCCL binds its communicator to the current device when it is created.
    c10::cuda::set_device(static_cast<c10::DeviceIndex>(device));
    auto options = c10d::ProcessGroupNCCL::Options::create();
    options->timeout = timeout;
    return c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank, size, options);
#else
    (void)store, (void)rank, (void)size, (void)device, (void)timeout;
    return {};
#endif
}

}  // namespace cb::detail
