#include "core/models/selective_scan_cuda.h"

#include <ATen/ATen.h>

#include <dlfcn.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

namespace cb {
namespace {

// The kernel source, compiled by NVRTC. A block holds `channels` channels x N states; each thread
// carries one state through time and the N threads of a channel reduce y over the states with
// shuffles. Tiles of steps are staged in shared memory with coalesced loads.
constexpr const char* kSource = R"cuda(
#define TILE 64
extern "C" __global__ void contextbench_selective_scan(
    const float* __restrict__ u, const float* __restrict__ delta, const float* __restrict__ A,
    const float* __restrict__ Bm, const float* __restrict__ Cm, const float* __restrict__ D,
    float* __restrict__ y, int T, int I, int N) {
  extern __shared__ float shared[];
  const int channels = blockDim.x / N;
  const int b = blockIdx.y, first = blockIdx.x * channels;
  const int local = threadIdx.x / N, n = threadIdx.x % N, i = first + local;
  const bool valid = i < I;
  float* sd = shared;
  float* su = sd + TILE * channels;
  float* sb = su + TILE * channels;
  float* sc = sb + TILE * N;
  const float a = valid ? A[i * N + n] : 0.f, skip = valid ? D[i] : 0.f;
  float s = 0.f;
  for (int t0 = 0; t0 < T; t0 += TILE) {
    const int len = min(TILE, T - t0);
    for (int k = threadIdx.x; k < len * channels; k += blockDim.x) {
      const int tt = k / channels, c = first + k % channels;
      const size_t at = ((size_t)b * T + t0 + tt) * I + c;
      sd[k] = c < I ? delta[at] : 0.f;
      su[k] = c < I ? u[at] : 0.f;
    }
    for (int k = threadIdx.x; k < len * N; k += blockDim.x) {
      const size_t at = ((size_t)b * T + t0) * N + k;
      sb[k] = Bm[at];
      sc[k] = Cm[at];
    }
    __syncthreads();
    for (int tt = 0; tt < len; ++tt) {
      const float d = sd[tt * channels + local], x = su[tt * channels + local];
      s = expf(d * a) * s + d * sb[tt * N + n] * x;
      float v = s * sc[tt * N + n];
      for (int offset = N / 2; offset > 0; offset >>= 1) v += __shfl_down_sync(0xffffffffu, v, offset, N);
      if (n == 0 && valid) y[((size_t)b * T + t0 + tt) * I + i] = v + skip * x;
    }
    __syncthreads();
  }
}
)cuda";

constexpr int kTile = 64;

// Just the NVRTC and driver entry points used, resolved with dlsym: no CUDA headers or link needed.
using Handle = void*;
struct Runtime {
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
    Handle kernel = nullptr;
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

Runtime& runtime() {
    static Runtime rt;
    static std::once_flag once;
    std::call_once(once, [] {
        void* nvrtc = openNvrtc();
        void* driver = dlopen("libcuda.so.1", RTLD_NOW | RTLD_GLOBAL);
        if (!nvrtc || !driver) {
            rt.error = nvrtc ? "libcuda.so.1 not found" : "libnvrtc not found";
            return;
        }
        auto& e = rt.error;
        if (!resolve(nvrtc, "nvrtcCreateProgram", rt.createProgram, e) || !resolve(nvrtc, "nvrtcCompileProgram", rt.compileProgram, e) ||
            !resolve(nvrtc, "nvrtcGetPTXSize", rt.ptxSize, e) || !resolve(nvrtc, "nvrtcGetPTX", rt.ptx, e) ||
            !resolve(nvrtc, "nvrtcGetProgramLogSize", rt.logSize, e) || !resolve(nvrtc, "nvrtcGetProgramLog", rt.log, e) ||
            !resolve(nvrtc, "nvrtcDestroyProgram", rt.destroyProgram, e) || !resolve(driver, "cuModuleLoadData", rt.moduleLoadData, e) ||
            !resolve(driver, "cuModuleGetFunction", rt.moduleGetFunction, e) || !resolve(driver, "cuLaunchKernel", rt.launchKernel, e))
            return;
        Handle program = nullptr;
        if (rt.createProgram(&program, kSource, "contextbench_selective_scan.cu", 0, nullptr, nullptr) != 0) {
            rt.error = "nvrtcCreateProgram failed";
            return;
        }
        // compute_80 PTX: the driver compiles it for the GPU at hand (A100, H100, newer).
        const char* options[] = {"--gpu-architecture=compute_80"};
        const int compiled = rt.compileProgram(program, 1, options);
        if (compiled != 0) {
            std::size_t size = 0;
            rt.logSize(program, &size);
            std::string log(size, '\0');
            rt.log(program, log.data());
            rt.error = "NVRTC compilation failed: " + log;
            rt.destroyProgram(&program);
            return;
        }
        std::size_t size = 0;
        rt.ptxSize(program, &size);
        std::vector<char> ptx(size);
        rt.ptx(program, ptx.data());
        rt.destroyProgram(&program);
        Handle module = nullptr;
        if (rt.moduleLoadData(&module, ptx.data()) != 0 || rt.moduleGetFunction(&rt.kernel, module, "contextbench_selective_scan") != 0) {
            rt.error = "loading the compiled kernel failed";
            rt.kernel = nullptr;
        }
    });
    return rt;
}

}  // namespace

std::optional<at::Tensor> selectiveScanCudaKernel(const at::Tensor& u, const at::Tensor& delta, const at::Tensor& A,
                                                  const at::Tensor& Bm, const at::Tensor& Cm, const at::Tensor& D,
                                                  std::string* why) {
    const int64_t b = u.size(0), t = u.size(1), channels = u.size(2), states = A.size(1);
    if (!u.is_cuda() || states > 32 || (states & (states - 1)) != 0) {
        if (why) *why = "needs CUDA tensors and a power-of-two state size up to 32";
        return std::nullopt;
    }
    auto& rt = runtime();
    if (!rt.kernel) {
        if (why) *why = rt.error;
        return std::nullopt;
    }
    const auto uf = u.to(at::kFloat).contiguous(), df = delta.to(at::kFloat).contiguous();
    const auto Af = A.to(at::kFloat).contiguous(), Df = D.to(at::kFloat).contiguous();
    const auto Bf = Bm.to(at::kFloat).contiguous(), Cf = Cm.to(at::kFloat).contiguous();
    auto y = at::empty({b, t, channels}, uf.options());
    const unsigned perBlock = std::max<unsigned>(1, 128u / static_cast<unsigned>(states));
    const unsigned threads = perBlock * static_cast<unsigned>(states);
    const unsigned shared = static_cast<unsigned>(kTile * (2 * perBlock + 2 * states) * sizeof(float));
    const void* pointers[] = {uf.data_ptr(), df.data_ptr(), Af.data_ptr(), Bf.data_ptr(), Cf.data_ptr(), Df.data_ptr(), y.data_ptr()};
    int T = static_cast<int>(t), I = static_cast<int>(channels), N = static_cast<int>(states);
    void* args[] = {const_cast<void**>(&pointers[0]), const_cast<void**>(&pointers[1]), const_cast<void**>(&pointers[2]),
                    const_cast<void**>(&pointers[3]), const_cast<void**>(&pointers[4]), const_cast<void**>(&pointers[5]),
                    const_cast<void**>(&pointers[6]), &T, &I, &N};
    const unsigned blocks = static_cast<unsigned>((channels + perBlock - 1) / perBlock);
    // The legacy default stream, which LibTorch's current stream is unless a caller changed it.
    if (rt.launchKernel(rt.kernel, blocks, static_cast<unsigned>(b), 1, threads, 1, 1, shared, nullptr, args, nullptr) != 0) {
        if (why) *why = "kernel launch failed";
        return std::nullopt;
    }
    return y;
}

}  // namespace cb
