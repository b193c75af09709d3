#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "app/cli/progress_printer.h"
#include "core/analysis/context_sweep.h"
#include "core/analysis/demo.h"
#include "core/analysis/prepared_cohort.h"
#include "core/analysis/results_csv.h"
#include "core/analysis/sweep_file.h"
#include "core/cohort/cohort_source.h"
#include "core/distributed/communicator.h"
#include "core/runtime/torch_runtime.h"
#include "core/tokenize/vocabulary.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;

namespace cb::cli {
namespace {

// Under a launch of several ranks on one host, "auto" and "cuda" mean this rank's own GPU.
std::string rankDevice(const std::string& setting, const LaunchEnvironment& env) {
    if (!env.distributed()) return setting;
    const auto resolved = resolveDevice(setting);
    if (resolved.rfind("cuda", 0) == 0 && (setting == "auto" || setting == "cuda")) return "cuda:" + std::to_string(env.localRank);
    return resolved;
}

nlohmann::json pointJson(const ContextPoint& p) {
    return {{"architecture", p.architecture}, {"context", p.context},       {"attention", p.attention},
            {"mean_auroc", p.meanAuroc.value}, {"ci_low", p.meanAuroc.low}, {"ci_high", p.meanAuroc.high},
            {"cached", p.cached},             {"seconds", p.seconds},       {"run_id", p.runId},
            {"timing", p.timing}};
}

}  // namespace

// A sweep file run alone or as one rank of a torchrun-style launch (RANK, WORLD_SIZE, LOCAL_RANK,
// MASTER_ADDR, MASTER_PORT). Every rank reads the cohort itself; rank 0 writes the workspace and
// prints the result.
int runSweep(const std::vector<std::string>& args) {
    const auto started = std::chrono::steady_clock::now();
    ArgParser parser("sweep");
    parser.option("config", "sweep file (JSON: cohort, workspace, contexts, architectures or model_dir, attention, ...)")
        .option("device", "override the file's device: auto, cpu, cuda or cuda:N", "")
        .option("workspace", "override the file's workspace folder", "")
        .option("dtype", "override the file's precision: fp32 or bf16 (autocast; statistics stay in double)", "")
        .flag("json", "print the result as one JSON line");
    parser.parse(args);
    auto file = SweepFile::read(parser.value("config"));
    if (const auto device = parser.value("device"); !device.empty()) file.sweep.device = device;
    if (const auto workspace = parser.value("workspace"); !workspace.empty()) file.workspace = workspace;
    if (const auto dtype = parser.value("dtype"); !dtype.empty()) {
        file.sweep.precision = dtype;
        file.sweep.validate();
    }
    file.sweep.continueOnError = file.continueOnError;

    initTorchRuntime();
    const auto env = LaunchEnvironment::fromEnvironment();
    file.sweep.device = rankDevice(file.sweep.device, env);
    CommunicatorOptions options;
    options.backend = file.backend;
    options.timeout = std::chrono::seconds(file.timeoutSeconds);
    options.connectTimeout = std::chrono::seconds(file.connectTimeoutSeconds);
    Communicator comm(env, resolveDevice(file.sweep.device), options);
    if (comm.isRoot())
        std::cerr << "contextbench sweep: " << describeRuntime(resolveDevice(file.sweep.device))
                  << (comm.alone() ? "" : ", " + std::to_string(comm.size()) + " ranks over " + comm.backend()) << "\n";

    ProgressPrinter progress;
    const JobContext job(comm.isRoot() ? progress.callback() : ProgressFn(), CancelToken());
    auto loaded = loadCohort(file.cohort, file.cohortOptions, job.slice(0.0, 0.02));
    std::shared_ptr<const PreparedCohort> prepared;
    if (file.sweep.modelDir.empty()) {
        prepared = prepareCohort(std::move(loaded.cohort), DemoSettings{}.vocabularyConfig(), job.slice(0.02, 0.04));
    } else {
        const auto tokenizer = fs::path(file.sweep.modelDir) / "tokenizer_config.json";
        if (!fs::exists(tokenizer))
            throw Error("sweep: " + file.sweep.modelDir + " has no tokenizer_config.json; the cohort cannot be put in its token ids");
        prepared = prepareCohortWithVocabulary(std::move(loaded.cohort), Vocabulary::load(tokenizer.string()), job.slice(0.02, 0.04));
    }

    const WorkspacePaths workspace{file.workspace};
    std::vector<ContextPoint> points;
    std::vector<PointFailure> failures;
    bool allCached = true;
    const auto variants = static_cast<double>(file.attention.size());
    for (std::size_t v = 0; v < file.attention.size(); ++v) {
        auto config = file.sweep;
        config.attention = file.attention[v];
        // Each point as it lands, so a long run that is stopped still shows what it measured.
        const auto report = [](const ContextPoint& p) { std::cerr << "\npoint " << pointJson(p).dump() << std::endl; };
        const auto outcome = runContextSweep(*prepared, config, workspace, job.slice(0.04 + 0.96 * v / variants, 0.04 + 0.96 * (v + 1) / variants),
                                             report, &comm);
        points.insert(points.end(), outcome.points.begin(), outcome.points.end());
        failures.insert(failures.end(), outcome.failures.begin(), outcome.failures.end());
        allCached = allCached && outcome.allCached;
    }
    if (!comm.isRoot()) return 0;

    writeContextResultsCsv(file.workspace + "/results.csv", points);
    nlohmann::json line = {{"points", nlohmann::json::array()},
                           {"failures", nlohmann::json::array()},
                           {"cached", allCached},
                           {"ranks", comm.size()},
                           {"backend", comm.backend()},
                           {"device", file.sweep.device},
                           {"database", workspace.database()}};
    for (const auto& p : points) line["points"].push_back(pointJson(p));
    for (const auto& f : failures)
        line["failures"].push_back({{"architecture", f.architecture}, {"context", f.context}, {"message", f.message}});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    line["seconds"] = std::round(seconds * 10.0) / 10.0;
    std::cout << (parser.has("json") ? line.dump() : line.dump(2)) << std::endl;
    return failures.empty() ? 0 : 3;
}

}  // namespace cb::cli
