#include "app/cli/arg_parser.h"
#include "core/lift/lift_cache.h"
#include "core/store/result_store.h"
#include "app/cli/commands.h"
#include "app/cli/progress_printer.h"
#include "core/common/error.h"
#include "core/common/text_file.h"
#include "core/io/atomic_file.h"
#include "core/lift/lift_demo.h"
#include "core/lift/lift_session.h"
#include "core/models/model_folder.h"
#include "core/runtime/torch_runtime.h"
#include "core/tokenize/text/text_tokenizer.h"

#include <torch/types.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace cb::cli {
namespace {

std::string percent(double v) {
    if (!std::isfinite(v)) return "-";
    char text[16];
    std::snprintf(text, sizeof text, "%.0f%%", 100.0 * v);
    return text;
}

void printTable(const LiftReport& report) {
    std::printf("document: %lld tokens, window %d%s\n", static_cast<long long>(report.documentTokens), report.contextWindow,
                report.promptTruncated ? " (ICL prompts truncated in the middle)" : "");
    if (report.invalidUtf8Bytes > 0) std::printf("warning: %zu invalid UTF-8 bytes were replaced by U+FFFD\n", report.invalidUtf8Bytes);
    std::printf("%-10s %12s %22s %16s %9s\n", "mode", "exact match", "outside ICL window", "mean log-lik", "seconds");
    for (const auto& m : report.modes)
        std::printf("%-10s %12s %22s %16.3f %9.2f\n", liftModeName(m.mode).c_str(), percent(m.exactMatch()).c_str(),
                    percent(m.exactMatchOutsideWindow()).c_str(), m.meanLogLikelihood(), m.seconds);
    if (report.training) {
        const auto& t = *report.training;
        std::printf("LIFT: %lld segments, %d steps, %.2f s (%.3f s per 1K tokens), loss %.3f -> %.3f, peak %.0f MB\n",
                    static_cast<long long>(t.segments), t.optimizerSteps, t.seconds, report.secondsPer1kTokens(),
                    t.epochs.empty() ? NAN : t.epochs.front().segmentLoss, t.epochs.empty() ? NAN : t.epochs.back().segmentLoss,
                    report.peakMegabytes);
        std::printf("document perplexity %.3f -> %.3f; base model restored: %s\n", report.basePerplexity, report.adaptedPerplexity,
                    report.baseRestored ? "yes" : "no");
    }
}

}  // namespace

// LIFT on one document: ICL, LIFT-only and LIFT+ICL answers to questions about it.
int runLift(const std::vector<std::string>& args) {
    ArgParser parser("lift");
    parser.option("model", "HF text model folder (config.json, model.safetensors, tokenizer.json)", "")
        .option("document", "the long input, a UTF-8 text file", "")
        .option("demo", "the embedded default in this folder (made on first use): notes model, one patient's notes, questions", "")
        .option("demo-budget", "tokens the demo model is pretrained on (default: the demo's)", "")
        .option("demo-document", "with --demo: another held-out patient's notes and questions, by rank (0: the demo's own)", "0")
        .option("qa", "questions as JSONL {\"question\",\"answer\"[,\"evidence\"]}; default: cloze questions from the document", "")
        .option("cloze", "how many cloze questions to make when --qa is absent", "20")
        .option("aux-qa", "auxiliary QA pairs (JSONL) trained on after the segment epochs", "")
        .option("aux-cloze", "auxiliary QA made as this many cloze questions from the document (0: none)", "0")
        .option("held-out", "text the model never trains on, for held-out perplexity", "")
        .option("mode", "comma-separated: icl, lift, lift+icl", "icl,lift,lift+icl")
        .option("segment", "segment length l (stride 3/8 l)", "2048")
        .option("epochs", "epochs over the segments", "3")
        .option("precision", "fp32, bf16 (autocast with fp32 weights), or auto: bf16 on a GPU, fp32 on the CPU", "auto")
        .option("batch", "segments per forward pass (0: 4 on a GPU, 1 on the CPU)", "0")
        .option("steps-per-epoch", "optimizer steps per epoch (gradients accumulate over the rest)", "1")
        .option("qa-epochs", "epochs of segments + auxiliary QA afterwards", "0")
        .option("lr", "learning rate", "")
        .option("lora-rank", "LoRA rank on q/k/v/o (alpha 2r)", "16")
        .flag("full", "fine-tune every weight instead of LoRA")
        .option("window", "context window for ICL prompts (default: the model's limit, else 4096)", "0")
        .option("template", "prompt template with {context} and {question}", "")
        .option("max-new-tokens", "longest greedy answer", "24")
        .option("save-adapted", "write the adapted model as a new checkpoint folder", "")
        .option("device", "auto, cpu, cuda or cuda:N", "auto")
        .option("out", "also write the JSON report to this file", "")
        .option("db", "result database: a run already there is read back, a new one stored (default with --demo: DIR/results.sqlite)", "")
        .flag("json", "print the report as one JSON object");
    parser.parse(args);
    initTorchRuntime();
    const auto device = resolveDevice(parser.value("device"));

    LiftRequest request;
    auto modelFolder = parser.value("model");
    auto documentPath = parser.value("document");
    auto qaPath = parser.value("qa");
    if (const auto demo = parser.value("demo"); !demo.empty()) {
        LiftDemoConfig demoConfig;
        if (!parser.value("demo-budget").empty()) demoConfig.pretraining.tokenBudget = parser.intValue("demo-budget");
        ProgressPrinter demoProgress;
        const auto assets = prepareLiftDemo(demo, demoConfig, device, JobContext(demoProgress.callback(), CancelToken()));
        modelFolder = assets.modelDir;
        documentPath = assets.documentPath;
        auto questionsPath = assets.questionsPath;
        if (const int rank = parser.intValue("demo-document"); rank != 0) {
            const auto other = writeLiftDemoDocument(demo, demoConfig, rank);
            documentPath = other.documentPath;
            questionsPath = other.questionsPath;
        }
        if (qaPath.empty()) qaPath = questionsPath;
    }
    if (modelFolder.empty() || documentPath.empty()) throw Error("lift: give --model and --document, or --demo DIR");
    request.document = readTextFile(documentPath, "document");
    request.modes = parseLiftModes(parser.value("mode"));
    auto& config = request.config;
    if (!parser.value("demo").empty()) config = LiftDemoConfig{}.lift;  // the demo's settings, unless overridden
    auto setInt = [&](const char* name, int& field) {
        if (parser.has(name) || parser.value("demo").empty()) field = parser.intValue(name);
    };
    setInt("segment", config.segmentLength);
    setInt("epochs", config.epochs);
    setInt("qa-epochs", config.qaEpochs);
    setInt("steps-per-epoch", config.stepsPerEpoch);
    setInt("batch", config.segmentsPerBatch);
    if (parser.has("precision")) config.precision = parser.value("precision");
    setInt("window", config.contextWindow);
    setInt("max-new-tokens", config.maxNewTokens);
    if (parser.has("full")) config.loraRank = 0;
    else setInt("lora-rank", config.loraRank);
    // LIFT's learning rates: 2e-4 for LoRA, 3e-6 for full fine-tuning.
    if (!parser.value("lr").empty()) config.learningRate = parser.doubleValue("lr");
    else if (parser.value("demo").empty()) config.learningRate = config.loraRank == 0 ? 3e-6 : 2e-4;
    if (!parser.value("template").empty()) config.promptTemplate = parser.value("template");
    config.validate();
    request.questions = qaPath.empty() ? clozeQuestions(request.document, static_cast<std::size_t>(parser.intValue("cloze")))
                                       : readQaJsonl(qaPath);
    if (!parser.value("aux-qa").empty()) request.auxiliary = readQaJsonl(parser.value("aux-qa"));
    if (const int n = parser.intValue("aux-cloze"); n > 0) {
        const auto cloze = clozeQuestions(request.document, static_cast<std::size_t>(n));
        request.auxiliary.insert(request.auxiliary.end(), cloze.begin(), cloze.end());
    }
    if (!parser.value("held-out").empty()) request.heldOut = readTextFile(parser.value("held-out"), "held-out text");
    request.saveAdaptedTo = parser.value("save-adapted");

    const auto tokenizerPath = std::filesystem::path(modelFolder) / "tokenizer.json";
    if (!std::filesystem::exists(tokenizerPath))
        throw Error("lift: " + modelFolder + " has no tokenizer.json; LIFT needs a text model with a text tokenizer");
    const auto tokenizer = TextTokenizer::fromFile(tokenizerPath);
    auto opened = openModelFolder(modelFolder, torch::Device(device));

    ProgressPrinter progress;
    const JobContext job(progress.callback(), CancelToken());
    auto db = parser.value("db");
    if (db.empty() && !parser.value("demo").empty()) db = (std::filesystem::path(parser.value("demo")) / "results.sqlite").string();
    std::optional<ResultStore> store;
    if (!db.empty()) store.emplace(db);
    const auto report = runLiftCached(store ? &*store : nullptr, modelFolder, *opened.model, tokenizer, request, torch::Device(device), job);
    auto json = report.toJson();
    json["model"] = modelFolder;
    json["architecture"] = opened.architecture;
    json["device"] = device;
    if (const auto out = parser.value("out"); !out.empty())
        writeFileAtomically(out, [&](std::ostream& file) { file << json.dump(2) << '\n'; });
    if (parser.has("json")) std::cout << json.dump() << std::endl;
    else printTable(report);
    return 0;
}

}  // namespace cb::cli
