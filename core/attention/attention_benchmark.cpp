#include "core/attention/attention_benchmark.h"

#include "core/attention/cca_attention.h"
#include "core/attention/full_attention.h"
#include "core/common/error.h"
#include "core/runtime/peak_memory.h"
#include "core/runtime/torch_runtime.h"

#include <torch/cuda.h>
#include <torch/types.h>

#include <algorithm>
#include <chrono>

namespace cb {
namespace {

// As a Llama layer calls them: CCA without gradients writes over the queries, which die with the call.
at::Tensor runAttention(const AttentionSpec& spec, const at::Tensor& q, const at::Tensor& k, const at::Tensor& v) {
    if (spec.kind != AttentionSpec::Kind::Cca) return fullCausalAttention(q, k, v);
    return ccaAttentionOverQueries(q, k, v, spec.groupSize, spec.localWindow);
}

void synchronize(const torch::Device& device) {
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

}  // namespace

std::vector<AttentionBenchResult> benchmarkAttention(const AttentionBenchConfig& config, const JobContext& job,
                                                     const std::function<void(const AttentionBenchResult&)>& onResult) {
    initTorchRuntime();
    if (config.heads % config.kvHeads != 0) throw Error("attention bench: heads must be a multiple of kv-heads");
    const torch::Device device(resolveDevice(config.device));
    std::string dtypeName = config.dtype == "auto" ? (device.is_cuda() ? "bf16" : "fp32") : config.dtype;
    at::ScalarType dtype;
    if (dtypeName == "fp32") dtype = at::kFloat;
    else if (dtypeName == "bf16") dtype = at::kBFloat16;
    else if (dtypeName == "fp16") dtype = at::kHalf;
    else throw Error("attention bench: unknown dtype '" + dtypeName + "' (fp32, bf16 or fp16)");
    for (const auto& spec : config.impls) spec.validate();

    std::vector<AttentionBenchResult> results;
    const double total = static_cast<double>(config.contexts.size() * config.impls.size());
    int done = 0;
    for (int context : config.contexts) {
        double fullMedian = 0.0;
        for (const auto& spec : config.impls) {
            job.throwIfCancelled();
            job.report("Attention benchmark", done / total, spec.label() + " at " + std::to_string(context));
            torch::manual_seed(0);
            const auto options = torch::TensorOptions().device(device).dtype(dtype).requires_grad(config.backward);
            const auto q = torch::randn({config.batch, config.heads, context, config.headDim}, options);
            const auto kvShape = std::vector<int64_t>{config.batch, config.kvHeads, context, config.headDim};
            const auto k = torch::randn(kvShape, options), v = torch::randn(kvShape, options);
            const int64_t groups = config.heads / config.kvHeads;
            const auto grad = torch::randn({config.batch, config.heads, context, config.headDim}, options.requires_grad(false));

            // Forward timings take K/V already expanded to the query heads, as a layer hands them over;
            // with backward the expansion is part of the graph and of the time.
            at::Tensor kExpanded, vExpanded;
            if (!config.backward) {
                kExpanded = expandKvHeads(k, groups).contiguous();
                vExpanded = expandKvHeads(v, groups).contiguous();
            }
            // A forward that writes over its queries gets a copy of q per call, made before the clock
            // and the memory probe start: neither the copy's time nor its memory is the attention's.
            const bool consumesQueries = spec.kind == AttentionSpec::Kind::Cca && !config.backward;
            auto queriesFor = [&] { return consumesQueries ? q.clone() : q; };
            auto once = [&](const at::Tensor& queries) {
                if (config.backward) {
                    const auto out = runAttention(spec, queries, expandKvHeads(k, groups), expandKvHeads(v, groups));
                    out.backward(grad);
                    q.mutable_grad().reset();
                    k.mutable_grad().reset();
                    v.mutable_grad().reset();
                } else {
                    torch::NoGradGuard noGrad;
                    runAttention(spec, queries, kExpanded, vExpanded);
                }
            };
            for (int w = 0; w < config.warmup; ++w) once(queriesFor());
            std::vector<double> times;
            double peakMb = 0.0;
            for (int r = 0; r < config.repeats; ++r) {
                job.throwIfCancelled();
                auto queries = queriesFor();
                synchronize(device);
                PeakMemoryProbe probe(device);
                const auto start = std::chrono::steady_clock::now();
                once(queries);
                synchronize(device);
                times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
                peakMb = std::max(peakMb, probe.peakMegabytes());
            }
            std::sort(times.begin(), times.end());
            AttentionBenchResult r;
            r.impl = spec.label();
            r.context = context;
            r.medianMs = times.size() % 2 ? times[times.size() / 2] : 0.5 * (times[times.size() / 2 - 1] + times[times.size() / 2]);
            r.peakMb = peakMb;
            r.device = device.str();
            r.dtype = dtypeName;
            r.backward = config.backward;
            r.path = "sdpa";
            if (spec.kind == AttentionSpec::Kind::Cca) {
                const auto path = config.backward ? ccaPathFor(q, k, v, spec.groupSize, spec.localWindow)
                                                  : ccaPathFor(q, kExpanded, vExpanded, spec.groupSize, spec.localWindow);
                r.path = path.name;
                r.notice = path.notice;
            }
            if (spec.kind == AttentionSpec::Kind::Full) fullMedian = r.medianMs;
            r.speedupOverFull = fullMedian > 0.0 ? fullMedian / r.medianMs : 0.0;
            results.push_back(r);
            if (onResult) onResult(r);
            ++done;
        }
    }
    job.report("Attention benchmark", 1.0);
    return results;
}

}  // namespace cb
