#pragma once

#include "core/analysis/context_sweep.h"
#include "core/analysis/stratification.h"

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

}  // namespace cb::cli
