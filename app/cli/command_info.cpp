#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "app/cli/plot_output.h"
#include "core/distributed/communicator.h"
#include "core/runtime/torch_runtime.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cb::cli {

int runInfo(const std::vector<std::string>& args) {
    ArgParser parser("info");
    parser.flag("json", "print one JSON object");
    parser.parse(args);
    initTorchRuntime();
    const auto info = runtimeInfo();
    const nlohmann::json out = {{"torch", info.torchVersion},      {"blas", info.blas},
                                {"threads", info.threads},         {"cores", info.cores},
                                {"cuda", info.cudaAvailable},      {"cuda_devices", info.cudaDevices},
                                {"device", resolveDevice("auto")}, {"plots", canRenderPlots()},
                                {"distributed", availableBackends()}};
    if (parser.has("json")) {
        std::cout << out.dump() << std::endl;
    } else {
        std::cout << "LibTorch " << info.torchVersion << " (BLAS: " << info.blas << ", " << info.threads << " of "
                  << info.cores << " hardware threads)\n"
                  << "device: " << out["device"].get<std::string>() << (info.cudaAvailable ? "" : " (no CUDA GPU seen)")
                  << "\nplots: " << (canRenderPlots() ? "yes" : "no (built without the GUI libraries)")
                  << "\ndistributed backends: " << (out["distributed"].empty() ? std::string("none") : out["distributed"].dump()) << std::endl;
    }
    return 0;
}

}  // namespace cb::cli
