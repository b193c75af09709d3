// Built when CONTEXTBENCH_GUI=OFF: there is no plotting library in this binary.
#include "app/cli/plot_output.h"

namespace cb::cli {

bool canRenderPlots() { return false; }

std::vector<std::string> renderContextFigure(const std::vector<ContextPoint>&, const std::string&, const std::string&,
                                             const std::string&) {
    return {};
}

}  // namespace cb::cli
