#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "app/cli/progress_printer.h"
#include "core/analysis/cohort_summary.h"
#include "core/cohort/synthetic_generator.h"
#include "core/common/percentile.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cb::cli {

int runCohort(const std::vector<std::string>& args) {
    ArgParser parser("cohort");
    const SyntheticConfig defaults;
    parser.option("patients", "patients in the synthetic cohort", std::to_string(defaults.patients))
        .option("seed", "generator seed", std::to_string(defaults.seed))
        .option("copy-forward", "mean copy-forward rate", std::to_string(defaults.copyForwardRate))
        .option("irregularity", "scale of visit-gap dispersion", std::to_string(defaults.irregularity))
        .option("progression", "growth of codes per visit over a timeline", std::to_string(defaults.progression))
        .flag("json", "print one JSON object");
    parser.parse(args);

    SyntheticConfig config;
    config.patients = parser.intValue("patients");
    config.seed = parser.uint64Value("seed");
    config.copyForwardRate = std::stod(parser.value("copy-forward"));
    config.irregularity = std::stod(parser.value("irregularity"));
    config.progression = std::stod(parser.value("progression"));
    ProgressPrinter progress;
    const JobContext job(progress.callback(), CancelToken());
    const auto prepared = prepareCohort(generateSyntheticCohort(config, job.slice(0, 0.7)), VocabularyConfig{}, job.slice(0.7, 1));
    const auto summary = summarizeCohort(*prepared);

    auto json = summary.toJson();
    std::vector<double> lengths(summary.tokensPerPatient.begin(), summary.tokensPerPatient.end());
    json["tokens_per_patient"] = {{"min", percentile(lengths, 0)},   {"p5", percentile(lengths, 5)},
                                  {"median", percentile(lengths, 50)}, {"p95", percentile(lengths, 95)},
                                  {"max", percentile(lengths, 100)}};
    json["generator"] = config.toJson();
    if (parser.has("json")) {
        std::cout << json.dump() << std::endl;
    } else {
        std::cout << json.dump(2) << std::endl;
    }
    return 0;
}

}  // namespace cb::cli
