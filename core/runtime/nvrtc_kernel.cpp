#include "core/runtime/nvrtc_kernel.h"

#include <dlfcn.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

namespace cb {
namespace {

// Just the NVRTC and driver entry points used, resolved with dlsym.
using Handle = void*;
struct Api {
    int (*createProgram)(Handle*, const char*, const char*, int, const char* const*, const char* const*) = nullptr;
    int (*compileProgram)(Handle, int, const char* const*) = nullptr;
    int (*ptxSize)(Handle, std::size_t*) = nullptr;
    int (*ptx)(Handle, char*) = nullptr;
    int (*logSize)(Handle, std::size_t*) = nullptr;
    int (*log)(Handle, char*) = nullptr;
    int (*destroyProgram)(Handle*) = nullptr;
    int (*moduleLoadData)(Handle*, const void*) = nullptr;
    int (*moduleGetFunction)(Handle*, Handle, const char*) = nullptr;
    int (*launchKernel)(Handle, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, Handle, void**,
                        void**) = nullptr;
    std::string error;
};

// libnvrtc ships beside LibTorch in the wheel (site-packages/nvidia/cu*/lib); look there when the
// loader does not know it.
void* openNvrtc() {
    for (const char* name : {"libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"})
        if (void* h = dlopen(name, RTLD_NOW | RTLD_GLOBAL)) return h;
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) {
        const auto at = line.find('/');
        if (at == std::string::npos || line.find("libtorch_cuda.so") == std::string::npos) continue;
        const auto site = std::filesystem::path(line.substr(at)).parent_path().parent_path().parent_path() / "nvidia";
        std::error_code ec;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(site, ec))
            if (entry.path().filename().string().rfind("libnvrtc.so.", 0) == 0)
                if (void* h = dlopen(entry.path().c_str(), RTLD_NOW | RTLD_GLOBAL)) return h;
    }
    return nullptr;
}

template <typename F>
bool resolve(void* lib, const char* name, F& out, std::string& error) {
    out = reinterpret_cast<F>(dlsym(lib, name));
    if (!out) error = std::string("missing symbol ") + name;
    return out != nullptr;
}

const Api& api() {
    static Api a;
    static std::once_flag once;
    std::call_once(once, [] {
        void* nvrtc = openNvrtc();
        void* driver = dlopen("libcuda.so.1", RTLD_NOW | RTLD_GLOBAL);
        if (!nvrtc || !driver) {
            a.error = nvrtc ? "libcuda.so.1 not found" : "libnvrtc not found";
            return;
        }
        auto& e = a.error;
        if (!resolve(nvrtc, "nvrtcCreateProgram", a.createProgram, e) || !resolve(nvrtc, "nvrtcCompileProgram", a.compileProgram, e) ||
            !resolve(nvrtc, "nvrtcGetPTXSize", a.ptxSize, e) || !resolve(nvrtc, "nvrtcGetPTX", a.ptx, e) ||
            !resolve(nvrtc, "nvrtcGetProgramLogSize", a.logSize, e) || !resolve(nvrtc, "nvrtcGetProgramLog", a.log, e) ||
            !resolve(nvrtc, "nvrtcDestroyProgram", a.destroyProgram, e) || !resolve(driver, "cuModuleLoadData", a.moduleLoadData, e) ||
            !resolve(driver, "cuModuleGetFunction", a.moduleGetFunction, e) || !resolve(driver, "cuLaunchKernel", a.launchKernel, e))
            a.createProgram = nullptr;
    });
    return a;
}

}  // namespace

NvrtcKernel::NvrtcKernel(const char* source, const char* name, const std::vector<std::string>& options) {
    const Api& rt = api();
    if (!rt.createProgram) {
        error_ = rt.error;
        return;
    }
    Handle program = nullptr;
    if (rt.createProgram(&program, source, (std::string(name) + ".cu").c_str(), 0, nullptr, nullptr) != 0) {
        error_ = "nvrtcCreateProgram failed";
        return;
    }
    std::vector<const char*> flags{"--gpu-architecture=compute_80"};
    for (const auto& option : options) flags.push_back(option.c_str());
    if (rt.compileProgram(program, static_cast<int>(flags.size()), flags.data()) != 0) {
        std::size_t size = 0;
        rt.logSize(program, &size);
        std::string log(size, '\0');
        rt.log(program, log.data());
        error_ = "NVRTC compilation of " + std::string(name) + " failed: " + log;
        rt.destroyProgram(&program);
        return;
    }
    std::size_t size = 0;
    rt.ptxSize(program, &size);
    std::vector<char> ptx(size);
    rt.ptx(program, ptx.data());
    rt.destroyProgram(&program);
    Handle module = nullptr;
    if (rt.moduleLoadData(&module, ptx.data()) != 0 || rt.moduleGetFunction(&function_, module, name) != 0) {
        error_ = "loading the compiled kernel " + std::string(name) + " failed";
        function_ = nullptr;
    }
}

std::string NvrtcKernel::launch(std::array<unsigned, 3> grid, std::array<unsigned, 3> block, unsigned sharedBytes,
                                void** args) const {
    if (!function_) return error_;
    const int status = api().launchKernel(function_, grid[0], grid[1], grid[2], block[0], block[1], block[2], sharedBytes,
                                          nullptr, args, nullptr);
    return status == 0 ? std::string() : "kernel launch failed (CUDA driver error " + std::to_string(status) + ")";
}

}  // namespace cb
