#include "app/cli/arg_parser.h"
#include "app/cli/cohort_options.h"
#include "app/cli/commands.h"
#include "app/cli/plot_output.h"
#include "app/cli/progress_printer.h"
#include "core/analysis/context_sweep.h"
#include "core/analysis/demo.h"
#include "core/analysis/prepared_cohort.h"
#include "core/analysis/results_csv.h"
#include "core/cohort/cohort_source.h"
#include "core/runtime/torch_runtime.h"
#include "core/tokenize/vocabulary.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;

namespace cb::cli {

// The AUROC-versus-context evaluation of a model opened from a HF folder (a released Context Clues
// checkpoint, or any model of the four architectures with a tokenizer_config.json) on a cohort.
int runEvaluate(const std::vector<std::string>& args) {
    ArgParser parser("evaluate");
    parser.option("cohort", "MEDS folder, FEMR/EHRSHOT CSV (with --labels), or synthetic spec")
        .option("model", "HF model folder with tokenizer_config.json")
        .option("contexts", "comma-separated featurisation windows", "512,1024,2048,4096")
        .option("out", "output folder (results.sqlite, results.csv, figures)")
        .option("device", "auto, cpu, cuda or cuda:N", "auto")
        .option("dtype", "fp32 or bf16 (featurisation under autocast)", "fp32")
        .option("attn", "full, cca or cca:g=16,s=1024 (Llama models)", "full")
        .flag("json", "print the points as one JSON line");
    addCohortSourceOptions(parser);
    parser.parse(args);
    initTorchRuntime();
    const std::string model = parser.value("model");
    const auto tokenizer = fs::path(model) / "tokenizer_config.json";
    if (!fs::exists(tokenizer))
        throw Error("evaluate: " + model + " has no tokenizer_config.json; the cohort cannot be put in its token ids");
    const std::string out = parser.value("out");
    fs::create_directories(out);
    ProgressPrinter progress;
    const JobContext job(progress.callback(), CancelToken());
    auto loaded = loadCohort(parser.value("cohort"), cohortSourceOptions(parser), job.slice(0.0, 0.05));
    if (loaded.cohort.tasks.empty()) throw Error("evaluate: the cohort has no task labels to evaluate against");
    const auto prepared = prepareCohortWithVocabulary(std::move(loaded.cohort), Vocabulary::load(tokenizer.string()),
                                                      job.slice(0.05, 0.1));
    ContextSweepConfig sweep = DemoSettings{}.sweepConfig();
    sweep.modelDir = model;
    sweep.contexts = parseContextList(parser.value("contexts"));
    sweep.attention = AttentionSpec::parse(parser.value("attn"));
    sweep.device = parser.value("device");
    sweep.precision = parser.value("dtype");
    sweep.validate();
    sweep.tasks.clear();
    for (const auto& t : prepared->cohort.tasks) sweep.tasks.push_back(t.task);
    const auto outcome = runContextSweep(*prepared, sweep, WorkspacePaths{out}, job.slice(0.1, 1.0));
    writeContextResultsCsv(out + "/results.csv", outcome.points);
    std::vector<std::string> figures;
    if (canRenderPlots())
        figures = renderContextFigure(outcome.points, out + "/auroc_vs_context", "Mean AUROC over tasks", prepared->cohort.name);
    nlohmann::json points = nlohmann::json::array();
    for (const auto& p : outcome.points)
        points.push_back({{"architecture", p.architecture}, {"context", p.context}, {"mean_auroc", p.meanAuroc.value},
                          {"ci_low", p.meanAuroc.low}, {"ci_high", p.meanAuroc.high}, {"cached", p.cached}});
    const nlohmann::json line = {{"points", points}, {"unknown_events", prepared->tokens.oov().unknownEvents},
                                 {"figures", figures}, {"cached", outcome.allCached}};
    std::cout << (parser.has("json") ? line.dump() : line.dump(2)) << std::endl;
    return 0;
}

}  // namespace cb::cli
