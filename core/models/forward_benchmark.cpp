#include "core/models/forward_benchmark.h"

#include "core/runtime/cuda_graph.h"
#include "core/runtime/peak_memory.h"

#include <torch/cuda.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

namespace cb {

ForwardTiming timeForward(CausalLm& model, int context, const std::string& device, const std::string& dtype, int repeats,
                          int warmup, bool cudaGraph) {
    const torch::Device where(device);
    torch::NoGradGuard noGrad;
    torch::manual_seed(0);
    const auto ids = torch::randint(7, model.vocabSize(), {1, context}, torch::TensorOptions().dtype(torch::kLong).device(where));
    auto sync = [&] {
        if (where.is_cuda()) torch::cuda::synchronize(where.index());
    };
    std::function<at::Tensor()> once = [&] { return model.logits(model.hidden(ids)).select(1, context - 1); };
    ForwardTiming t;
    const PeakMemoryProbe probe(where);
    std::unique_ptr<CapturedComputation> graph;
    if (cudaGraph) graph = CapturedComputation::capture(once, where, &t.graphNote);
    if (graph) {
        once = [&] { return graph->replay(); };
        t.cudaGraph = true;
    }
    for (int i = 0; i < warmup; ++i) once();
    sync();
    std::vector<double> ms;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        once();
        sync();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    t.architecture = model.architecture();
    t.context = context;
    t.medianMs = ms[ms.size() / 2];
    t.tokensPerSecond = context / (t.medianMs / 1000.0);
    t.peakMb = probe.peakMegabytes();
    t.device = device;
    t.dtype = dtype;
    return t;
}

}  // namespace cb
