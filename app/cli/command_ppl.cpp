#include "app/cli/arg_parser.h"
#include "app/cli/cohort_options.h"
#include "app/cli/commands.h"
#include "app/cli/progress_printer.h"
#include "core/cohort/cohort_source.h"
#include "core/eval/position_perplexity.h"
#include "core/io/atomic_file.h"
#include "core/io/csv_number.h"
#include "core/models/folder_weights_hash.h"
#include "core/models/model_folder.h"
#include "core/analysis/perplexity_run.h"
#include "core/store/result_store.h"
#include "core/runtime/torch_runtime.h"
#include "core/analysis/prepared_cohort.h"

#include <torch/types.h>

#include <nlohmann/json.hpp>

#include <iostream>

namespace cb::cli {

// Context Clues' disease-progression view: per-token perplexity by position over the cohort's
// validation (tuning) patients, with the model's own vocabulary.
int runPpl(const std::vector<std::string>& args) {
    ArgParser parser("ppl");
    parser.option("cohort", "MEDS folder, FEMR/EHRSHOT CSV, or synthetic spec")
        .option("model", "HF model folder with tokenizer_config.json")
        .option("context", "window length (default: the model's limit, else 4096)", "0")
        .option("stride", "window stride", "32")
        .option("attn", "full, cca or cca:g=16,s=1024 (Llama models)", "full")
        .option("device", "auto, cpu, cuda or cuda:N", "auto")
        .option("out", "also write index,points,median,ci_low,ci_high,raw_median as CSV", "")
        .option("db", "result database: the curve is read from it when there, else stored in it", "")
        .flag("json", "print the curve as one JSON object");
    addCohortSourceOptions(parser);
    parser.parse(args);
    initTorchRuntime();
    const auto device = resolveDevice(parser.value("device"));
    ProgressPrinter progress;
    const JobContext job(progress.callback(), CancelToken());
    auto opened = openModelFolder(parser.value("model"), torch::Device(device));
    if (!opened.vocabulary)
        throw Error("ppl: " + parser.value("model") + " has no tokenizer_config.json; its token ids cannot be made from a cohort");
    const auto attention = AttentionSpec::parse(parser.value("attn"));
    opened.model->setAttention(attention);
    auto loaded = loadCohort(parser.value("cohort"), cohortSourceOptions(parser), job.slice(0.0, 0.1));
    const auto prepared = prepareCohortWithVocabulary(std::move(loaded.cohort), *opened.vocabulary, job.slice(0.1, 0.2));
    const auto& tokens = prepared->tokens;
    PositionPerplexityConfig config;
    config.context = parser.intValue("context");
    if (config.context <= 0) config.context = opened.contextLimit > 0 ? opened.contextLimit : 4096;
    config.stride = parser.intValue("stride");
    config.device = device;
    std::optional<ResultStore> store;
    if (const auto db = parser.value("db"); !db.empty()) store.emplace(db);
    const auto stored = runPositionPerplexity(*prepared, *opened.model, folderModelRecord(*opened.model, opened.folder, folderWeightsHash(opened.folder), prepared->hash), config,
                                              attention, store ? &*store : nullptr, job.slice(0.2, 1.0));
    const auto& curve = stored.curve;
    const auto patients = stored.run.config.value("validation_patients", std::size_t{0});

    if (const auto out = parser.value("out"); !out.empty()) {
        writeFileAtomically(out, [&](std::ostream& csv) {
            csv << "index,points,median,ci_low,ci_high,raw_median\n";
            for (std::size_t i = 0; i < curve.index.size(); ++i) {
                csv << curve.index[i] << ',' << curve.points[i];
                for (double v : {curve.median[i], curve.low[i], curve.high[i], curve.rawMedian[i]}) csv << ',', writeCsvNumber(csv, v);
                csv << '\n';
            }
        });
    }
    const nlohmann::json json = {{"architecture", opened.architecture}, {"context", config.context},
                                 {"attention", attention.label()},    {"patients", patients},
                                 {"unknown_events", tokens.oov().unknownEvents},
                                 {"index", curve.index},             {"points", curve.points},
                                 {"median", curve.median},           {"ci_low", curve.low},
                                 {"ci_high", curve.high},            {"cached", stored.cached},
                                 {"run_id", stored.run.id}};
    if (parser.has("json")) {
        std::cout << json.dump() << std::endl;
    } else {
        std::cout << opened.architecture << " at " << config.context << " tokens (" << attention.label() << "), "
                  << patients << " validation patients: " << curve.index.size() << " positions with >= 30 points";
        if (!curve.index.empty())
            std::cout << ", smoothed median perplexity " << curve.median.front() << " at index " << curve.index.front() << " -> "
                      << curve.median.back() << " at index " << curve.index.back();
        std::cout << std::endl;
    }
    return 0;
}

}  // namespace cb::cli
