#include "core/runtime/cuda_graph.h"

#include "core/common/error.h"

#if __has_include(<ATen/cuda/CUDAGraph.h>) && defined(CONTEXTBENCH_WITH_CUDA_HEADERS)
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#define CONTEXTBENCH_CUDA_GRAPHS 1
#endif

namespace cb {
namespace {

#ifdef CONTEXTBENCH_CUDA_GRAPHS
class RecordedGraph final : public CapturedComputation {
public:
    at::Tensor replay() override {
        graph_.replay();
        return output_;
    }
    at::cuda::CUDAGraph graph_;
    at::Tensor output_;
};
#endif

}  // namespace

std::unique_ptr<CapturedComputation> CapturedComputation::capture(const std::function<at::Tensor()>& compute, const c10::Device& device,
                                                                  std::string* whyNot) {
#ifdef CONTEXTBENCH_CUDA_GRAPHS
    if (!device.is_cuda()) {
        if (whyNot) *whyNot = "CUDA graphs need a CUDA device";
        return nullptr;
    }
    const c10::cuda::CUDAGuard onDevice(device.index());
    // Capture must not run on the default stream, and the kernels' lazy set-up (cuBLAS handles,
    // caches inside the model) has to happen before it: warm up on the capture stream first.
    const c10::cuda::CUDAStreamGuard onStream(c10::cuda::getStreamFromPool(false, device.index()));
    for (int i = 0; i < 3; ++i) compute();
    c10::cuda::getCurrentCUDAStream(device.index()).synchronize();
    auto graph = std::make_unique<RecordedGraph>();
    // A capture that fails part-way leaves the stream and the allocator in capture mode, so there
    // is no falling back to eager passes in this process: the failure is an error.
    graph->graph_.capture_begin();
    try {
        graph->output_ = compute();
    } catch (const std::exception& e) {
        const std::string what = e.what();
        throw Error("this computation cannot be captured as a CUDA graph (it synchronises with the host): " + what.substr(0, what.find('\n')));
    }
    graph->graph_.capture_end();
    c10::cuda::getCurrentCUDAStream(device.index()).synchronize();
    return graph;
#else
    (void)compute, (void)device;
    if (whyNot) *whyNot = "this build of ContextBench has no CUDA";
    return nullptr;
#endif
}

}  // namespace cb
