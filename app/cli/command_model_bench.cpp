#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "core/analysis/context_sweep_config.h"
#include "core/common/json_file.h"
#include "core/models/forward_benchmark.h"
#include "core/models/model_factory.h"
#include "core/models/model_folder.h"
#include "core/runtime/torch_runtime.h"

#include <torch/nn/module.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace cb::cli {

// Forward latency and tokens/s of one model per context length: a HF folder, or a config.json with
// random weights (its n_positions / max_seq_len raised to the longest context asked for).
int runModelBench(const std::vector<std::string>& args) {
    ArgParser parser("model-bench");
    parser.option("model", "HF model folder", "")
        .option("config", "HF config.json: random weights of that shape", "")
        .option("contexts", "comma-separated context lengths", "1024,4096,16384")
        .option("device", "auto, cpu, cuda or cuda:N", "auto")
        .option("dtype", "fp32 or bf16 (default: bf16 on CUDA, fp32 on the CPU)", "auto")
        .option("repeats", "timed passes per context (median reported)", "10")
        .option("warmup", "untimed passes before them", "2")
        .flag("cuda-graph", "capture each forward pass once as a CUDA graph and time its replays")
        .flag("json", "one JSON line per measurement");
    parser.parse(args);
    if (parser.value("model").empty() == parser.value("config").empty())
        throw Error("model-bench: give exactly one of --model and --config");
    initTorchRuntime();
    const auto device = resolveDevice(parser.value("device"));
    std::string dtype = parser.value("dtype");
    if (dtype == "auto") dtype = device.rfind("cuda", 0) == 0 ? "bf16" : "fp32";
    if (dtype != "fp32" && dtype != "bf16") throw Error("model-bench: --dtype must be fp32 or bf16");
    const auto contexts = parseContextList(parser.value("contexts"));
    const int longest = *std::max_element(contexts.begin(), contexts.end());

    std::unique_ptr<CausalLm> model;
    if (!parser.value("model").empty()) {
        model = openModelFolder(parser.value("model"), torch::Device(device)).model;
    } else {
        auto config = readJsonFile(parser.value("config"), "model config");
        for (const char* key : {"n_positions", "n_ctx", "max_seq_len"})
            if (config.contains(key)) config[key] = std::max(config[key].get<int>(), longest);
        torch::manual_seed(0);
        model = createModel(config, parser.value("config"));
        model->module().to(torch::Device(device));
        model->module().eval();
    }
    if (dtype == "bf16") model->module().to(at::kBFloat16);
    const int repeats = parser.intValue("repeats");
    for (int context : contexts) {
        const auto t = timeForward(*model, context, device, dtype, repeats, parser.intValue("warmup"), parser.has("cuda-graph"));
        nlohmann::json line = {{"architecture", t.architecture}, {"parameters", model->parameterCount()},
                                     {"context", t.context},           {"median_ms", t.medianMs},
                                     {"tokens_per_s", t.tokensPerSecond}, {"peak_mb", t.peakMb},
                                     {"device", t.device},             {"dtype", t.dtype},
                                     {"cuda_graph", t.cudaGraph}};
        if (!t.graphNote.empty()) line["cuda_graph_note"] = t.graphNote;
        if (parser.has("json"))
            std::cout << line.dump() << std::endl;
        else
            std::cout << t.architecture << " " << context << " tokens: " << t.medianMs << " ms, " << t.tokensPerSecond
                      << " tokens/s, peak " << t.peakMb << " MB\n";
    }
    return 0;
}

}  // namespace cb::cli
