#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "app/cli/plot_output.h"
#include "app/cli/progress_printer.h"
#include "core/analysis/strata_from_store.h"
#include "core/common/error.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

namespace cb::cli {
namespace {

nlohmann::json toJson(const StratificationResult& result) {
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& run : result.runs) {
        nlohmann::json quartiles = nlohmann::json::array();
        for (const auto& q : run.quartiles)
            quartiles.push_back({{"quartile", q.quartile + 1},
                                 {"metric_range", {q.metricLow, q.metricHigh}},
                                 {"examples", q.examples},
                                 {"brier", q.brier.value},
                                 {"brier_ci", {q.brier.low, q.brier.high}},
                                 {"auroc", q.auroc.value},
                                 {"auroc_ci", {q.auroc.low, q.auroc.high}}});
        runs.push_back({{"run_id", run.runId}, {"model", run.label}, {"architecture", run.architecture},
                        {"context", run.context}, {"attention", run.attention}, {"quartiles", quartiles}});
    }
    nlohmann::json wins = nlohmann::json::array();
    for (const auto& w : result.winRates)
        wins.push_back({{"architecture", w.architecture}, {"attention", w.attention}, {"short_context", w.shortContext},
                        {"long_context", w.longContext}, {"win_rate", w.rate}, {"tasks", w.tasks}});
    return {{"metric", toString(result.metric)}, {"quartiles", result.quartiles}, {"runs", runs}, {"win_rates", wins},
            {"unmatched_predictions", result.unmatchedPredictions}};
}

}  // namespace

int runStrata(const std::vector<std::string>& args) {
    ArgParser parser("strata");
    parser.option("db", "result database (results.sqlite)")
        .option("metric", "rr1, irregularity or length", "rr1")
        .option("out", "FILE.png, .pdf, .svg or .csv")
        .option("cohort", "cohort hash or prefix (default: the one evaluated last)", "")
        .option("size", "figure size: single, double or slide", "double")
        .option("replicates", "bootstrap replicates", "1000")
        .flag("json", "print the result as one JSON object");
    parser.parse(args);
    const std::string db = parser.value("db");
    if (!std::filesystem::exists(db)) throw Error(db + ": no such result database");
    const std::string out = parser.value("out");
    const std::string extension = std::filesystem::path(out).extension().string();
    if (extension != ".csv" && extension != ".png" && extension != ".pdf" && extension != ".svg")
        throw Error("strata: --out must end in .png, .pdf, .svg or .csv");

    ResultStore store(db);
    const auto cohortHash = chooseStrataCohort(store, parser.value("cohort"));
    StrataConfig config;
    config.replicates = parser.intValue("replicates");
    if (config.replicates < 1) throw Error("strata: --replicates must be at least 1");
    ProgressPrinter progress;
    const JobContext job(progress.callback(), CancelToken());
    const auto result = stratifyCachedRuns(store, cohortHash, parseStrataMetric(parser.value("metric")), config, job);
    if (extension == ".csv") {
        writeStratificationCsv(out, result);
    } else {
        const auto cohort = store.cohort(cohortHash);
        renderStrataFigure(result, out, cohort ? cohort->name : cohortHash.substr(0, 12), parser.value("size"));
    }
    auto json = toJson(result);
    json["out"] = out;
    json["cohort"] = cohortHash;
    if (parser.has("json"))
        std::cout << json.dump() << std::endl;
    else
        std::cout << "wrote " << out << " (" << result.runs.size() << " runs, " << result.quartiles << " quartiles)\n";
    return 0;
}

}  // namespace cb::cli
