// Built when CONTEXTBENCH_GUI=OFF: there is no plotting library in this binary.
#include "app/cli/plot_output.h"

#include "core/common/error.h"

namespace cb::cli {

bool canRenderPlots() { return false; }

std::vector<std::string> renderContextFigure(const std::vector<ContextPoint>&, const std::string&, const std::string&,
                                             const std::string&) {
    return {};
}

void renderStrataFigure(const StratificationResult&, const std::string& path, const std::string&, const std::string&) {
    throw Error(path + ": this build has no plotting (CONTEXTBENCH_GUI=OFF); write a .csv instead");
}

nlohmann::json renderStorePlot(const StorePlotRequest& request) {
    throw Error(request.out + ": this build has no plotting (CONTEXTBENCH_GUI=OFF); copy " + request.db +
                " to a desktop build of ContextBench and plot it there");
}

}  // namespace cb::cli
