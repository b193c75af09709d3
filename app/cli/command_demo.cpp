#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "app/cli/plot_output.h"
#include "app/cli/progress_printer.h"
#include "core/analysis/cohort_summary.h"
#include "core/analysis/demo.h"
#include "core/analysis/results_csv.h"
#include "core/cohort/synthetic_generator.h"
#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/runtime/torch_runtime.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace cb::cli {

int runDemo(const std::vector<std::string>& args) {
    const auto started = std::chrono::steady_clock::now();
    ArgParser parser("demo");
    const DemoSettings defaults;
    parser.option("out", "output folder (results.sqlite, results.csv, figures, models)")
        .option("patients", "patients in the synthetic cohort", std::to_string(defaults.patients))
        .option("contexts", "comma-separated context lengths", "512,1024,2048,4096")
        .option("seed", "seed of the cohort, pretraining and bootstrap", std::to_string(defaults.seed))
        .option("device", "auto, cpu, cuda or cuda:N", "auto")
        .option("dtype", "fp32 or bf16 (autocast for pretraining and featurisation)", "fp32")
        .option("architectures", "comma-separated: llama, gpt2, mamba, hyena (default: the sweep config's, llama)", "")
        .option("sweep-config", "JSON file whose keys override the demo's sweep config (see results.sqlite runs.config_json)", "");
    parser.parse(args);

    DemoSettings settings;
    settings.patients = parser.intValue("patients");
    settings.contexts = parseContextList(parser.value("contexts"));
    settings.seed = parser.uint64Value("seed");
    settings.device = parser.value("device");
    const std::string out = parser.value("out");
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec || !fs::is_directory(out)) throw Error("demo: cannot create output folder '" + out + "'" + (ec ? ": " + ec.message() : ""));

    initTorchRuntime();
    std::cerr << "contextbench demo: " << describeRuntime(resolveDevice(settings.device)) << "\n";
    ProgressPrinter progress;
    const JobContext job(progress.callback(), CancelToken());
    auto cohort = generateSyntheticCohort(settings.cohortConfig(), job.slice(0.0, 0.01));
    const auto prepared = prepareCohort(std::move(cohort), settings.vocabularyConfig(), job.slice(0.01, 0.02));
    const auto summary = summarizeCohort(*prepared);
    auto sweep = settings.sweepConfig();
    if (const auto overrides = parser.value("sweep-config"); !overrides.empty()) {
        const auto patch = readJsonFile(overrides, "sweep config");
        auto merged = sweep.toJson();
        merged.merge_patch(patch);
        sweep = ContextSweepConfig::fromJson(merged);
    }
    if (const auto list = parser.value("architectures"); !list.empty()) {
        sweep.architectures.clear();
        std::stringstream items(list);
        for (std::string item; std::getline(items, item, ',');) sweep.architectures.push_back(item);
        sweep.validate();
    }
    sweep.precision = parser.value("dtype");
    sweep.validate();
    const auto outcome = runContextSweep(*prepared, sweep, WorkspacePaths{out}, job.slice(0.02, 1.0));

    writeContextResultsCsv(out + "/results.csv", outcome.points);
    std::vector<std::string> figures;
    if (canRenderPlots()) {
        figures = renderContextFigure(outcome.points, out + "/auroc_vs_context",
                                      "Mean AUROC over " + std::to_string(outcome.points.front().tasks.size()) + " tasks",
                                      summary.name);
    } else {
        std::cerr << "note: this build has no plotting (CONTEXTBENCH_GUI=OFF); wrote results.csv and results.sqlite only\n";
    }

    nlohmann::json contexts = nlohmann::json::array();
    for (const auto& p : outcome.points)
        contexts.push_back({{"architecture", p.architecture}, {"context", p.context}, {"mean_auroc", p.meanAuroc.value}, {"ci_low", p.meanAuroc.low},
                            {"ci_high", p.meanAuroc.high}});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const nlohmann::json line = {{"contexts", contexts},
                                 {"seconds", std::round(seconds * 10.0) / 10.0},
                                 {"cached", outcome.allCached},
                                 {"patients", summary.patients},
                                 {"tokens", summary.tokens},
                                 {"unknown_events", summary.unknownEvents},
                                 {"figures", figures}};
    std::cout << line.dump() << std::endl;
    return 0;
}

}  // namespace cb::cli
