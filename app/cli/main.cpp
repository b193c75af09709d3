#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "core/common/error.h"
#include "core/runtime/trace_recorder.h"

#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

const std::map<std::string, std::pair<std::function<int(const std::vector<std::string>&)>, const char*>>& commands() {
    static const std::map<std::string, std::pair<std::function<int(const std::vector<std::string>&)>, const char*>> table = {
        {"attention-bench", {cb::cli::runAttentionBench, "latency and memory of full versus CCA attention by context length"}},
        {"cohort", {cb::cli::runCohort, "open, describe, write and measure cohorts (info, synth, properties)"}},
        {"demo", {cb::cli::runDemo, "synthetic cohort -> pretraining -> AUROC versus context length"}},
        {"evaluate", {cb::cli::runEvaluate, "AUROC versus context of a model opened from a HF folder, on a cohort's tasks"}},
        {"info", {cb::cli::runInfo, "LibTorch, BLAS, threads and devices this binary uses"}},
        {"lift", {cb::cli::runLift, "test-time fine-tuning on a long document; ICL, LIFT-only and LIFT+ICL answers"}},
        {"logits", {cb::cli::runLogits, "last-position logits and hidden state of a model for given token ids"}},
        {"model-bench", {cb::cli::runModelBench, "forward latency and tokens/s of a model by context length"}},
        {"model", {cb::cli::runModel, "describe a HF model folder (info) or write an untrained one (create)"}},
        {"lift-ehr", {cb::cli::runLiftEhr, "LIFT on patient timelines: AUROC of a short-context model with and without test-time training, and of a long-context one"}},
        {"plot", {cb::cli::runPlot, "a figure (auroc, ppl, delta, strata) from a result database, as PNG, PDF, SVG or CSV"}},
        {"ppl", {cb::cli::runPpl, "per-token perplexity by position over validation patients (disease progression)"}},
        {"sweep", {cb::cli::runSweep, "a sweep file (models x contexts x attention x tasks), alone or under a torchrun-style launch"}},
        {"strata", {cb::cli::runStrata, "Brier and AUROC per quartile of an EHR property for every cached run"}},
    };
    return table;
}

void printUsage(std::ostream& out) {
    out << "usage: contextbench-cli COMMAND [flags]\n\ncommands:\n";
    for (const auto& [name, entry] : commands()) out << "  " << name << "\t" << entry.second << "\n";
    out << "\n'contextbench-cli COMMAND --help' lists a command's flags.\n"
           "CONTEXTBENCH_TRACE=FILE.json records a Chrome trace of the command's LibTorch operators and GPU kernels.\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        printUsage(std::cerr);
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        printUsage(std::cout);
        return 0;
    }
    const auto it = commands().find(name);
    if (it == commands().end()) {
        std::cerr << "contextbench-cli: unknown command '" << name << "'\n\n";
        printUsage(std::cerr);
        return 2;
    }
    std::vector<std::string> args(argv + 2, argv + argc);
    try {
        const auto trace = cb::TraceRecorder::fromEnvironment("CONTEXTBENCH_TRACE");
        return it->second.first(args);
    } catch (const cb::cli::HelpRequested& help) {
        std::cout << help.what();
        return 0;
    } catch (const cb::Cancelled&) {
        std::cerr << "\ncontextbench-cli " << name << ": cancelled\n";
        return 130;
    } catch (const std::exception& e) {
        std::cerr << "\ncontextbench-cli " << name << ": error: " << e.what() << "\n";
        return 1;
    }
}
