#include "app/cli/arg_parser.h"
#include "app/cli/cohort_options.h"
#include "app/cli/commands.h"
#include "app/cli/progress_printer.h"
#include "core/cohort/cohort_source.h"
#include "core/lift/timeline_lift_folders.h"
#include "core/runtime/torch_runtime.h"

#include <torch/types.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace cb::cli {
namespace {

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

std::string cell(const Estimate& e) {
    char text[64];
    std::snprintf(text, sizeof text, "%.3f [%.3f, %.3f]", e.value, e.low, e.high);
    return text;
}

}  // namespace

// LIFT on patient timelines: the short-context model fine-tuned at test time on each patient's whole
// visible timeline, against the same model without LIFT and against a long-context model.
int runLiftEhr(const std::vector<std::string>& args) {
    ArgParser parser("lift-ehr");
    parser.option("cohort", "MEDS folder, FEMR/EHRSHOT CSV, or synthetic spec")
        .option("model", "the short-context EHR model (HF folder with tokenizer_config.json)")
        .option("long-model", "a long-context model to compare with (same kind of folder)", "")
        .option("tasks", "comma-separated tasks (default: every task the cohort labels)", "")
        .option("patients", "labelled patients taken from each split (LIFT trains once per example)", "40")
        .option("context", "the short model's window (default: its limit)", "0")
        .option("long-context", "the long model's window (default: its limit)", "0")
        .option("epochs", "LIFT epochs over each timeline's segments", "2")
        .option("lora-rank", "LoRA rank (0: full fine-tuning)", "8")
        .option("lr", "learning rate", "1e-3")
        .option("replicates", "bootstrap replicates", "200")
        .option("seed", "which patients", "17")
        .option("device", "auto, cpu, cuda or cuda:N", "auto")
        .flag("json", "print the result as one JSON object");
    addCohortSourceOptions(parser);
    parser.parse(args);
    initTorchRuntime();
    const auto device = resolveDevice(parser.value("device"));
    ProgressPrinter progress;
    const JobContext job(progress.callback(), CancelToken());

    auto loaded = loadCohort(parser.value("cohort"), cohortSourceOptions(parser), job.slice(0.0, 0.05));
    TimelineLiftFolders folders{parser.value("model"), parser.value("long-model"), parser.intValue("long-context"),
                                splitList(parser.value("tasks"))};
    TimelineLiftConfig config;
    config.context = parser.intValue("context");
    config.patientsPerSplit = parser.intValue("patients");
    config.seed = static_cast<std::uint64_t>(parser.intValue("seed"));
    config.lift.epochs = parser.intValue("epochs");
    config.lift.loraRank = parser.intValue("lora-rank");
    config.lift.learningRate = parser.doubleValue("lr");
    config.lift.segmentsPerBatch = 8;
    config.probe.bootstrapReplicates = parser.intValue("replicates");
    const auto result = runTimelineLiftFromFolders(loaded.cohort, folders, config, device, job.slice(0.05, 1.0));
    auto json = result.toJson();
    json["config"] = config.toJson();
    json["model"] = parser.value("model");
    if (!folders.longModel.empty()) json["long_model"] = folders.longModel;
    json["device"] = device;
    if (parser.has("json")) {
        std::cout << json.dump() << std::endl;
        return 0;
    }
    std::cout << "task, AUROC [95% CI]: " << result.context << " tokens | with LIFT";
    if (result.hasLong) std::cout << " | " << result.longContext << " tokens";
    std::cout << "\n";
    for (const auto& t : result.tasks) {
        if (!t.evaluated) {
            std::cout << t.task << ": skipped (" << t.skipReason << ")\n";
            continue;
        }
        std::cout << t.task << ": " << cell(t.base) << " | " << cell(t.lift);
        if (result.hasLong) std::cout << " | " << cell(t.longContext);
        std::cout << "\n";
    }
    std::cout << "mean: " << cell(result.meanBase) << " | " << cell(result.meanLift);
    if (result.hasLong) std::cout << " | " << cell(result.meanLong);
    std::cout << "\n" << result.examples << " examples adapted in " << result.liftSeconds << " s\n";
    return 0;
}

}  // namespace cb::cli
