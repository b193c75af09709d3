#pragma once

#include "core/analysis/context_sweep.h"
#include "core/analysis/stratification.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace cb::cli {

// Whether this build can draw figures: the plots come from the Qt widgets, which a
// CONTEXTBENCH_GUI=OFF build (a headless GPU server) leaves out.
bool canRenderPlots();

// Writes the AUROC-versus-context figure as `base`.png, .pdf and .svg; returns the files written.
std::vector<std::string> renderContextFigure(const std::vector<ContextPoint>& points, const std::string& base,
                                             const std::string& title, const std::string& cohortName);

// Writes the stratification figure to `path` (.png, .pdf or .svg) at a report size ("single",
// "double", "slide"); throws when this build cannot draw.
void renderStrataFigure(const StratificationResult& result, const std::string& path, const std::string& cohortName,
                        const std::string& sizeId);

// A figure drawn from a result database alone: `contextbench-cli plot`.
struct StorePlotRequest {
    std::string figure;   // auroc | ppl | delta | strata
    std::string db;
    std::string filter;   // RunFilter syntax
    std::string out;      // .png, .pdf, .svg or .csv
    std::string size = "double";
    int dpi = 300;  // PNG resolution
    std::int64_t baseline = 0;  // delta: 0 picks the shortest-context run
    std::string task;           // auroc: "" is the mean over tasks
    std::string metric = "auroc";
    std::string strataMetric = "rr1";
    int replicates = 1000;
};

// Draws the figure and writes `out`; returns what was drawn (runs, curves, rows) as JSON. Throws in a
// build without plotting, and naming the problem when the filter selects nothing to draw.
nlohmann::json renderStorePlot(const StorePlotRequest& request);

}  // namespace cb::cli
