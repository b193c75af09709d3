#include "app/cli/arg_parser.h"
#include "app/cli/cohort_options.h"
#include "app/cli/commands.h"
#include "app/cli/progress_printer.h"
#include "core/analysis/example_properties.h"
#include "core/analysis/prepared_cohort.h"
#include "core/analysis/property_cache.h"
#include "core/cohort/cohort_source.h"
#include "core/cohort/femr_csv_writer.h"
#include "core/cohort/meds_writer.h"
#include "core/cohort/synthetic_generator.h"
#include "core/cohort/task_catalog.h"
#include "core/store/result_store.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>

namespace cb::cli {
namespace {

constexpr const char* kUsage =
    "usage: contextbench-cli cohort SUBCOMMAND ...\n\n"
    "  info PATH [--json] [--strict]          subjects, events, codes, splits and label counts\n"
    "  synth --out DIR --format meds [knobs]  write the synthetic cohort as MEDS (or --format femr_csv)\n"
    "  properties PATH --out FILE.csv         EHR properties per labelled (subject, prediction time)\n\n"
    "PATH is a MEDS folder, a FEMR/EHRSHOT CSV file or folder, or 'synthetic[:patients=500,seed=7,...]'.\n";

nlohmann::json describe(const LoadedCohort& loaded, const std::string& path, double seconds) {
    const auto& c = loaded.cohort;
    nlohmann::json splits = {{"train", 0}, {"tuning", 0}, {"held_out", 0}};
    for (const auto s : c.splits) splits[toString(s)] = splits[toString(s)].get<std::int64_t>() + 1;
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& t : c.tasks) {
        std::int64_t positives = 0;
        for (const auto& l : t.labels) positives += isPositive(l.value) ? 1 : 0;
        tasks.push_back({{"task", t.task}, {"labels", t.labels.size()}, {"positives", positives}});
    }
    return {{"path", path},
            {"format", loaded.format},
            {"name", c.name},
            {"hash", c.contentHash()},
            {"subjects", c.numPatients()},
            {"events", c.numEvents()},
            {"codes", c.codes.size()},
            {"splits", splits},
            {"tasks", tasks},
            {"report", loaded.report},
            {"seconds", seconds}};
}

LoadedCohort open(const ArgParser& parser, ProgressPrinter& progress) {
    const JobContext job(progress.callback(), CancelToken());
    return loadCohort(parser.value("PATH"), cohortSourceOptions(parser), job);
}

int runCohortInfo(const std::vector<std::string>& args) {
    ArgParser parser("cohort info");
    parser.positional("PATH", "MEDS folder, FEMR/EHRSHOT CSV, or synthetic spec").flag("json", "print one JSON object");
    addCohortSourceOptions(parser);
    parser.parse(args);
    ProgressPrinter progress;
    const auto started = std::chrono::steady_clock::now();
    const auto loaded = open(parser, progress);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const auto json = describe(loaded, parser.value("PATH"), seconds);
    std::cout << (parser.has("json") ? json.dump() : json.dump(2)) << std::endl;
    return 0;
}

int runSynth(const std::vector<std::string>& args) {
    ArgParser parser("cohort synth");
    const SyntheticConfig defaults;
    parser.option("out", "MEDS: folder to create (absent or empty); femr_csv: the .csv file")
        .option("format", "meds, or femr_csv (EHRSHOT's original layout)", "meds")
        .option("codec", "parquet compression: zstd, snappy or none", "zstd")
        .option("patients", "patients", std::to_string(defaults.patients))
        .option("seed", "generator seed", std::to_string(defaults.seed))
        .option("copy-forward", "mean copy-forward rate", std::to_string(defaults.copyForwardRate))
        .option("irregularity", "scale of visit-gap dispersion", std::to_string(defaults.irregularity))
        .option("progression", "growth of codes per visit over a timeline", std::to_string(defaults.progression))
        .option("median-visits", "median visits per patient", std::to_string(defaults.medianVisits))
        .flag("json", "print one JSON object");
    parser.parse(args);
    const std::string format = parser.value("format");
    if (format != "meds" && format != "femr_csv") throw Error("cohort synth: --format must be meds or femr_csv");
    const std::string codecName = parser.value("codec");
    const Codec codec = codecName == "zstd" ? Codec::Zstd
                        : codecName == "snappy" ? Codec::Snappy
                        : codecName == "none" ? Codec::Uncompressed
                        : throw Error("cohort synth: --codec must be zstd, snappy or none");
    SyntheticConfig config;
    config.patients = parser.intValue("patients");
    config.seed = parser.uint64Value("seed");
    config.copyForwardRate = std::stod(parser.value("copy-forward"));
    config.irregularity = std::stod(parser.value("irregularity"));
    config.progression = std::stod(parser.value("progression"));
    config.medianVisits = std::stod(parser.value("median-visits"));
    config.validate();
    ProgressPrinter progress;
    const JobContext job(progress.callback(), CancelToken());
    const auto cohort = generateSyntheticCohort(config, job);
    if (format == "meds")
        writeMedsDataset(cohort, parser.value("out"), codec);
    else
        writeFemrCsv(cohort, parser.value("out"), job);
    const nlohmann::json json = {{"out", parser.value("out")}, {"format", format}, {"codec", codecName},
                                 {"subjects", cohort.numPatients()}, {"events", cohort.numEvents()},
                                 {"hash", cohort.contentHash()}, {"generator", config.toJson()}};
    std::cout << (parser.has("json") ? json.dump() : json.dump(2)) << std::endl;
    return 0;
}

int runProperties(const std::vector<std::string>& args) {
    ArgParser parser("cohort properties");
    parser.positional("PATH", "MEDS folder, FEMR/EHRSHOT CSV, or synthetic spec")
        .option("out", "CSV file to write")
        .option("at", "labels: every labelled (subject, prediction time); timeline: one row per subject at its last event",
                "labels")
        .option("db", "also record the labelled examples' properties in this result database", "");
    addCohortSourceOptions(parser);
    parser.parse(args);
    const std::string at = parser.value("at");
    if (at != "labels" && at != "timeline") throw Error("cohort properties: --at must be labels or timeline");
    ProgressPrinter progress;
    const JobContext job(progress.callback(), CancelToken());
    auto loaded = loadCohort(parser.value("PATH"), cohortSourceOptions(parser), job.slice(0, 0.4));
    const auto prepared = prepareCohort(std::move(loaded.cohort), VocabularyConfig{}, job.slice(0.4, 0.7));
    const auto& cohort = prepared->cohort;
    const auto started = std::chrono::steady_clock::now();
    const auto rows = at == "labels" ? labelledExampleProperties(cohort, &prepared->tokens, job.slice(0.7, 1))
                                     : timelineProperties(cohort, &prepared->tokens, job.slice(0.7, 1));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (at == "labels" && rows.empty())
        std::cerr << "note: the cohort has no labels; '--at timeline' gives one row per subject\n";
    writePropertiesCsv(parser.value("out"), rows);
    if (!parser.value("db").empty()) {
        ResultStore store(parser.value("db"));
        storeExampleProperties(store, prepared->hash,
                               at == "labels" ? rows : labelledExampleProperties(cohort, &prepared->tokens));
    }
    std::cout << nlohmann::json{{"out", parser.value("out")}, {"rows", rows.size()}, {"cohort", prepared->hash},
                                {"properties_seconds", seconds}}
                     .dump()
              << std::endl;
    return 0;
}

}  // namespace

int runCohort(const std::vector<std::string>& args) {
    if (args.empty()) throw Error(std::string("cohort: missing subcommand\n") + kUsage);
    if (args[0] == "--help" || args[0] == "-h") throw HelpRequested(kUsage);
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "info") return runCohortInfo(rest);
    if (args[0] == "synth") return runSynth(rest);
    if (args[0] == "properties") return runProperties(rest);
    throw Error("cohort: unknown subcommand '" + args[0] + "'\n" + kUsage);
}

}  // namespace cb::cli
