#pragma once

#include <array>
#include <string>
#include <vector>

namespace cb {

// A CUDA kernel compiled from source at first use with NVRTC (found at run time next to the LibTorch
// that is loaded) and launched through the driver API, so neither the build nor the machine needs
// nvcc or CUDA headers. The source is compiled to compute_80 PTX, which the driver finishes for the
// GPU at hand (A100, H100 and newer).
class NvrtcKernel {
public:
    // Compiles `source` and looks up the extern "C" function `name`. Never throws: a machine without
    // NVRTC or a driver leaves the kernel unusable, with the reason in error().
    // `options` are further compiler options, e.g. {"-DPAIRS=2"} for a variant of the same source.
    NvrtcKernel(const char* source, const char* name, const std::vector<std::string>& options = {});

    bool usable() const { return function_ != nullptr; }
    const std::string& error() const { return error_; }

    // Launches on the legacy default stream, which is LibTorch's current stream unless a caller
    // changed it. `args` points at each kernel argument, as cuLaunchKernel takes them. Returns why the
    // launch failed, or an empty string.
    std::string launch(std::array<unsigned, 3> grid, std::array<unsigned, 3> block, unsigned sharedBytes, void** args) const;

private:
    void* function_ = nullptr;
    std::string error_;
};

}  // namespace cb
