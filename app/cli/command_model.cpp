#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "core/common/json_file.h"
#include "core/common/parse_number.h"
#include "core/models/checkpoint.h"
#include "core/models/model_factory.h"
#include "core/models/model_folder.h"
#include "core/runtime/torch_runtime.h"

#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <nlohmann/json.hpp>

#include <iostream>

namespace cb::cli {
namespace {

constexpr const char* kUsage =
    "usage: contextbench-cli model info DIR [--json] [--device cpu|cuda[:N]]\n"
    "       contextbench-cli model create --config config.json --out DIR [--seed N]\n\n"
    "DIR is a HF model folder: config.json and model.safetensors (or a sharded index), optionally\n"
    "tokenizer_config.json. Architectures: LlamaForCausalLM, GPT2LMHeadModel, MambaForCausalLM,\n"
    "HyenaDNAForCausalLM.\n";

std::vector<std::int64_t> parseTokens(const std::string& text) {
    std::vector<std::int64_t> tokens;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(',', start), text.size());
        const auto item = text.substr(start, end - start);
        const auto v = parseInteger<std::int64_t>(item);
        if (!v || *v < 0) throw Error("logits: --tokens expects comma-separated non-negative ids, got '" + item + "'");
        tokens.push_back(*v);
        start = end + 1;
    }
    return tokens;
}

std::vector<double> toVector(const at::Tensor& t) {
    const auto cpu = t.to(at::kCPU, at::kDouble).contiguous();
    return {cpu.data_ptr<double>(), cpu.data_ptr<double>() + cpu.numel()};
}

int runModelInfo(const std::vector<std::string>& args) {
    ArgParser parser("model info");
    parser.positional("DIR", "HF model folder").option("device", "cpu, cuda or cuda:N", "cpu").flag("json", "one JSON object");
    parser.parse(args);
    initTorchRuntime();
    const auto opened = openModelFolder(parser.value("DIR"), torch::Device(resolveDevice(parser.value("device"))));
    auto json = opened.describe();
    if (parser.has("json")) {
        std::cout << json.dump() << std::endl;
        return 0;
    }
    json.erase("config");
    std::cout << json.dump(2) << std::endl;
    return 0;
}

// An untrained model of any supported architecture, written as a HF folder (for pretraining
// elsewhere, or to check that HF transformers reads what ContextBench writes).
int runModelCreate(const std::vector<std::string>& args) {
    ArgParser parser("model create");
    parser.option("config", "HF config.json").option("out", "folder to write").option("seed", "weight seed", "0");
    parser.parse(args);
    initTorchRuntime();
    torch::manual_seed(parser.uint64Value("seed"));
    const auto configPath = parser.value("config");
    auto model = createModel(readJsonFile(configPath, "model config"), configPath);
    saveCheckpoint(*model, parser.value("out"), nullptr);
    std::cout << nlohmann::json{{"out", parser.value("out")}, {"architecture", model->architecture()},
                                {"parameters", model->parameterCount()}}.dump()
              << std::endl;
    return 0;
}

}  // namespace

int runModel(const std::vector<std::string>& args) {
    if (args.empty()) throw Error(std::string("model: missing subcommand\n") + kUsage);
    if (args[0] == "--help" || args[0] == "-h") throw HelpRequested(kUsage);
    if (args[0] == "info") return runModelInfo({args.begin() + 1, args.end()});
    if (args[0] == "create") return runModelCreate({args.begin() + 1, args.end()});
    throw Error("model: unknown subcommand '" + args[0] + "'\n" + kUsage);
}

int runLogits(const std::vector<std::string>& args) {
    ArgParser parser("logits");
    parser.option("model", "HF model folder")
        .option("tokens", "comma-separated token ids, e.g. 5,17,9")
        .option("device", "cpu, cuda or cuda:N", "cpu")
        .option("dtype", "fp32 or bf16", "fp32")
        .flag("json", "print logits and hidden state as JSON");
    parser.parse(args);
    initTorchRuntime();
    const auto device = torch::Device(resolveDevice(parser.value("device")));
    auto opened = openModelFolder(parser.value("model"), device);
    const std::string dtype = parser.value("dtype");
    if (dtype != "fp32" && dtype != "bf16") throw Error("logits: --dtype must be fp32 or bf16");
    if (dtype == "bf16") opened.model->module().to(at::kBFloat16);
    const auto tokens = parseTokens(parser.value("tokens"));
    const auto vocab = opened.model->vocabSize();
    for (auto t : tokens)
        if (t >= vocab) throw Error("logits: token " + std::to_string(t) + " is outside the vocabulary (" + std::to_string(vocab) + ")");
    torch::NoGradGuard noGrad;
    const auto ids = torch::tensor(tokens, torch::kLong).unsqueeze(0).to(device);
    const auto hidden = opened.model->hidden(ids).select(1, static_cast<int64_t>(tokens.size()) - 1).squeeze(0);
    const auto logits = opened.model->logits(hidden).to(at::kFloat);
    const auto top = logits.topk(std::min<int64_t>(5, logits.size(-1)));
    nlohmann::json out = {{"architecture", opened.architecture},
                          {"tokens", tokens.size()},
                          {"device", device.str()},
                          {"dtype", dtype},
                          {"argmax", logits.argmax().item<std::int64_t>()},
                          {"top5", toVector(std::get<1>(top))}};
    if (parser.has("json")) {
        out["logits"] = toVector(logits);
        out["hidden"] = toVector(hidden);
        std::cout << out.dump() << std::endl;
    } else {
        std::cout << out.dump(2) << std::endl;
    }
    return 0;
}

}  // namespace cb::cli
