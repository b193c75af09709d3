#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "app/cli/progress_printer.h"
#include "core/analysis/context_sweep_config.h"
#include "core/attention/attention_benchmark.h"
#include "core/common/error.h"
#include "core/models/checkpoint.h"
#include "core/models/llama_config.h"
#include "core/runtime/torch_runtime.h"

#include <nlohmann/json.hpp>

#include <set>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace cb::cli {
namespace {

std::vector<AttentionSpec> parseImpls(const std::string& text, int g, int s) {
    std::vector<AttentionSpec> out;
    std::stringstream items(text);
    std::string item;
    while (std::getline(items, item, ',')) {
        if (item == "full") out.push_back({});
        else if (item == "cca") out.push_back(AttentionSpec::cca(g, s));
        else throw Error("attention-bench: unknown implementation '" + item + "' (expected full, cca)");
    }
    // Full first, so each CCA row carries its speed-up over full measured just before it.
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.kind < b.kind; });
    return out;
}

}  // namespace

int runAttentionBench(const std::vector<std::string>& args) {
    ArgParser parser("attention-bench");
    parser.option("contexts", "comma-separated sequence lengths", "1024,4096,16384")
        .option("impl", "comma-separated: full, cca", "full,cca")
        .option("g", "CCA group size", "16")
        .option("s", "CCA local window", "1024")
        .option("heads", "query heads", "12")
        .option("head-dim", "head dimension", "64")
        .option("kv-heads", "key/value heads (GQA)", "4")
        .option("batch", "batch size", "1")
        .option("device", "auto, cpu, cuda or cuda:N", "auto")
        .option("dtype", "auto (fp32 on CPU, bf16 on CUDA), fp32, bf16, fp16", "auto")
        .option("repeats", "timed repetitions; the median is reported", "10")
        .option("model", "take heads, kv-heads and head-dim from this Llama model folder", "")
        .flag("backward", "time forward + backward")
        .flag("json", "one JSON line per measurement");
    parser.parse(args);

    AttentionBenchConfig config;
    config.contexts = parseContextList(parser.value("contexts"));
    config.impls = parseImpls(parser.value("impl"), parser.intValue("g"), parser.intValue("s"));
    config.heads = parser.intValue("heads");
    config.headDim = parser.intValue("head-dim");
    config.kvHeads = parser.intValue("kv-heads");
    config.batch = parser.intValue("batch");
    config.device = parser.value("device");
    config.dtype = parser.value("dtype");
    config.repeats = parser.intValue("repeats");
    config.backward = parser.has("backward");
    if (const auto model = parser.value("model"); !model.empty()) {
        const auto llama = LlamaConfig::load(model + "/config.json");
        config.heads = llama.numHeads;
        config.kvHeads = llama.numKvHeads;
        config.headDim = llama.headDim;
    }
    if (config.heads <= 0 || config.kvHeads <= 0 || config.headDim <= 0 || config.batch <= 0 || config.repeats <= 0)
        throw Error("attention-bench: heads, kv-heads, head-dim, batch and repeats must be positive");

    const bool json = parser.has("json");
    initTorchRuntime();
    std::cerr << "attention-bench: " << describeRuntime(resolveDevice(config.device)) << "\n";
    if (!json) std::printf("%-16s %8s %12s %10s %9s\n", "impl", "context", "median ms", "peak MB", "speed-up");
    ProgressPrinter progress;
    std::set<std::string> noticed;
    benchmarkAttention(config, JobContext(json ? ProgressFn{} : progress.callback(), CancelToken()), [&](const AttentionBenchResult& r) {
        if (!r.notice.empty() && noticed.insert(r.notice).second) std::cerr << "attention-bench: " << r.notice << "\n";
        if (json) {
            nlohmann::json line = {{"impl", r.impl == "full" ? "full" : "cca"}, {"label", r.impl},   {"context", r.context},
                                   {"median_ms", r.medianMs},                   {"peak_mb", r.peakMb}, {"device", r.device},
                                   {"dtype", r.dtype},                          {"backward", r.backward}, {"path", r.path}};
            if (r.speedupOverFull > 0.0) line["speedup_over_full"] = r.speedupOverFull;
            std::cout << line.dump() << std::endl;
        } else {
            std::printf("%-16s %8d %12.3f %10.1f %8.2fx\n", r.impl.c_str(), r.context, r.medianMs, r.peakMb, r.speedupOverFull);
        }
    });
    return 0;
}

}  // namespace cb::cli
