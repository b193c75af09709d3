#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "app/cli/plot_output.h"
#include "core/common/error.h"

#include <iostream>

namespace cb::cli {

// Figures from a result database alone, for reports and scripts: what the desktop app's views draw.
int runPlot(const std::vector<std::string>& args) {
    if (args.empty() || args.front().rfind("--", 0) == 0)
        throw Error("plot: name the figure first: contextbench-cli plot auroc|ppl|delta|strata --db FILE --out FILE");
    ArgParser parser("plot " + args.front());
    parser.option("db", "result database (results.sqlite)")
        .option("out", "FILE.png, .pdf, .svg or .csv (the plotted numbers)")
        .option("filter", "runs to draw: key=value[|value...],... with keys run, kind, cohort, architecture, context, attention, status", "")
        .option("size", "figure size: single, double or slide", "double")
        .option("dpi", "PNG resolution", "300")
        .option("baseline", "delta: the baseline run id (default: the selected run with the shortest context)", "0")
        .option("task", "auroc: a task's metric instead of the mean AUROC over tasks", "")
        .option("metric", "auroc: with --task, auroc, auprc or brier", "auroc")
        .option("strata-metric", "strata: rr1, irregularity or length", "rr1")
        .option("replicates", "delta and strata: bootstrap replicates", "1000")
        .flag("json", "print what was drawn as one JSON object");
    parser.parse({args.begin() + 1, args.end()});
    StorePlotRequest request;
    request.figure = args.front();
    request.db = parser.value("db");
    request.out = parser.value("out");
    request.filter = parser.value("filter");
    request.size = parser.value("size");
    request.dpi = parser.intValue("dpi");
    request.baseline = parser.intValue("baseline");
    request.task = parser.value("task");
    request.metric = parser.value("metric");
    request.strataMetric = parser.value("strata-metric");
    request.replicates = parser.intValue("replicates");
    if (request.replicates < 1) throw Error("plot: --replicates must be at least 1");
    const auto drawn = renderStorePlot(request);
    if (parser.has("json"))
        std::cout << drawn.dump() << std::endl;
    else
        std::cout << "wrote " << request.out << std::endl;
    return 0;
}

}  // namespace cb::cli
