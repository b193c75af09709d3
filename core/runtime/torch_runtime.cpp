#include "core/runtime/torch_runtime.h"

#include "core/common/error.h"
#include "core/runtime/cuda_memory_cap.h"

#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <ATen/ATen.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <mutex>
#include <regex>
#include <thread>

namespace cb {

void initTorchRuntime() {
    static std::once_flag once;
    std::call_once(once, [] {
        const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        if (at::get_num_threads() != cores) at::set_num_threads(cores);
        applyCudaMemoryCap();  // a bad value throws, and call_once then tries again at the next entry
    });
}

RuntimeInfo runtimeInfo() {
    RuntimeInfo info;
    info.torchVersion = TORCH_VERSION;
    const std::string config = at::show_config();
    std::smatch match;
    static const std::regex blasPattern("BLAS_INFO=([A-Za-z0-9_]+)");
    info.blas = std::regex_search(config, match, blasPattern) ? match[1].str() : "unknown";
    info.threads = at::get_num_threads();
    info.cores = static_cast<int>(std::thread::hardware_concurrency());
    info.cudaAvailable = torch::cuda::is_available();
    info.cudaDevices = info.cudaAvailable ? static_cast<int>(torch::cuda::device_count()) : 0;
    return info;
}

std::string resolveDevice(const std::string& setting) {
    const bool cuda = torch::cuda::is_available();
    if (setting == "auto" || setting.empty()) return cuda ? "cuda:0" : "cpu";
    if (setting == "cpu") return "cpu";
    if (setting == "cuda" || setting.rfind("cuda:", 0) == 0) {
        if (!cuda) throw Error("device '" + setting + "' requested, but this LibTorch sees no CUDA GPU");
        int index = 0;
        if (setting != "cuda") {
            const std::string digits = setting.substr(5);
            if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
                throw Error("bad device '" + setting + "' (expected cuda:N with N a GPU index)");
            index = std::stoi(digits);
        }
        if (index < 0 || index >= static_cast<int>(torch::cuda::device_count()))
            throw Error("device '" + setting + "' does not exist (" + std::to_string(torch::cuda::device_count()) +
                        " GPU(s) present)");
        return "cuda:" + std::to_string(index);
    }
    throw Error("unknown device '" + setting + "' (expected auto, cpu, cuda or cuda:N)");
}

std::string describeRuntime(const std::string& device) {
    const auto info = runtimeInfo();
    return "torch " + info.torchVersion + ", " + info.blas + ", " + std::to_string(info.threads) + " threads, " + device;
}

}  // namespace cb
