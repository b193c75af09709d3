#include "core/models/selective_scan_cuda.h"

#include "core/runtime/nvrtc_kernel.h"

#include <ATen/ATen.h>

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

const NvrtcKernel& kernel() {
    static const NvrtcKernel compiled(kSource, "contextbench_selective_scan");
    return compiled;
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
    const auto& scan = kernel();
    if (!scan.usable()) {
        if (why) *why = scan.error();
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
    if (const auto failed = scan.launch({blocks, static_cast<unsigned>(b), 1}, {threads, 1, 1}, shared, args); !failed.empty()) {
        if (why) *why = failed;
        return std::nullopt;
    }
    return y;
}

}  // namespace cb
