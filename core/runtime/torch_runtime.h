#pragma once

#include <string>

namespace cb {

struct RuntimeInfo {
    std::string torchVersion;
    std::string blas;     // "mkl", "openblas", ... as LibTorch reports it
    int threads = 0;      // intra-op threads in use
    int cores = 0;        // hardware threads of this machine
    bool cudaAvailable = false;
    int cudaDevices = 0;
};

// Sets LibTorch's intra-op threads to the machine's hardware threads (LibTorch defaults to the
// physical cores it detects, one on some VMs). Idempotent; every entry point calls it first.
void initTorchRuntime();
RuntimeInfo runtimeInfo();
// "auto" -> "cuda:0" when a GPU is present, else "cpu"; "cpu", "cuda" and "cuda:N" are checked
// against the machine and rejected with a clear message.
std::string resolveDevice(const std::string& setting);
// One line for logs and the result store: "torch 2.11.0, mkl, 2 threads, cpu".
std::string describeRuntime(const std::string& device);

}  // namespace cb
