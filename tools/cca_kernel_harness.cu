// Standalone check and timing of the CCA CUDA kernels (core/attention/kernels), for iterating on them
// without a LibTorch build: nvcc builds it here, the binary runs on any sm_80+ GPU.
//
//   nvcc -O3 -std=c++17 -arch=sm_90 -DHEAD_DIM=64 tools/cca_kernel_harness.cu -o cca_harness
//   (head dimensions above 64: add -DM_TILES=1 -DBLOCK_N=32, the shape cca_cuda.cpp launches them with)
//   ./cca_harness            correctness cases, then the 1K..64K latency sweep (JSON lines)
//
// The reference is a plain float32 evaluation of the algorithm, one warp per query row, over the
// same pooled core tokens; pooling is checked against a float32 pooling of its own.
#include <cuda_bf16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <random>
#include <vector>

#include "../core/attention/kernels/cca_fused.cu"
#define POOL_DIM HEAD_DIM
#include "../core/attention/kernels/cca_pool.cu"

#define CHECK(x)                                                                               \
  do {                                                                                         \
    cudaError_t e_ = (x);                                                                      \
    if (e_ != cudaSuccess) {                                                                   \
      std::fprintf(stderr, "%s:%d %s: %s\n", __FILE__, __LINE__, #x, cudaGetErrorString(e_)); \
      std::exit(1);                                                                            \
    }                                                                                          \
  } while (0)

constexpr int D = HEAD_DIM;

__device__ float toFloat(unsigned short x) { return __uint_as_float(unsigned(x) << 16); }

__global__ void referencePool(float* keys, float* values, const unsigned short* q, const unsigned short* k,
                              const unsigned short* v, int heads, int length, int groups, int g, float scale) {
  const int j = blockIdx.x, h = blockIdx.y, b = blockIdx.z;
  if (threadIdx.x != 0) return;
  const long long head = ((long long)b * heads + h) * length;
  const unsigned short* last = q + (head + (long long)j * g + g - 1) * D;
  float scores[64], top = -INFINITY;
  for (int u = 0; u < g; ++u) {
    float dot = 0.f;
    for (int c = 0; c < D; ++c) dot += toFloat(last[c]) * toFloat(k[(head + (long long)j * g + u) * D + c]);
    scores[u] = dot * scale;
    top = fmaxf(top, scores[u]);
  }
  float total = 0.f;
  for (int u = 0; u < g; ++u) total += (scores[u] = expf(scores[u] - top));
  const long long outRow = (((long long)b * heads + h) * groups + j) * D;
  for (int c = 0; c < D; ++c) {
    float kc = 0.f, vc = 0.f;
    for (int u = 0; u < g; ++u) {
      kc += scores[u] / total * toFloat(k[(head + (long long)j * g + u) * D + c]);
      vc += scores[u] / total * toFloat(v[(head + (long long)j * g + u) * D + c]);
    }
    keys[outRow + c] = kc;
    values[outRow + c] = vc;
  }
}

// One warp per (sampled row, head, batch); lanes over dimensions.
__global__ void referenceAttention(float* out, const int* rows, int rowCount, const unsigned short* q, const unsigned short* k,
                                   const unsigned short* v, const unsigned short* ck, const unsigned short* cv, int heads,
                                   int kvGroup, int length, int groups, int g, int s, float scale) {
  const int r = blockIdx.x, h = blockIdx.y, b = blockIdx.z, lane = threadIdx.x;
  if (r >= rowCount) return;
  const int i = rows[r];
  const long long qRow = (((long long)b * heads + h) * length + i) * D;
  const long long kvHead = ((long long)b * (heads / kvGroup) + h / kvGroup) * length;
  const long long coreHead = ((long long)b * heads + h) * groups;
  float top = -INFINITY, total = 0.f, acc[D / 32];
  for (int e = 0; e < D / 32; ++e) acc[e] = 0.f;
  auto visit = [&](const unsigned short* key, const unsigned short* value) {
    float dot = 0.f;
    for (int e = 0; e < D / 32; ++e) dot += toFloat(q[qRow + lane + 32 * e]) * toFloat(key[lane + 32 * e]);
    for (int o = 16; o > 0; o >>= 1) dot += __shfl_xor_sync(0xffffffffu, dot, o);
    const float score = dot * scale, next = fmaxf(top, score), old = expf(top - next), w = expf(score - next);
    total = total * old + w;
    for (int e = 0; e < D / 32; ++e) acc[e] = acc[e] * old + w * toFloat(value[lane + 32 * e]);
    top = next;
  };
  const int core = i - s + 1 <= 0 ? 0 : min((i - s + 1) / g, groups);
  for (int j = 0; j < core; ++j) visit(ck + (coreHead + j) * D, cv + (coreHead + j) * D);
  for (int j = max(0, (i + 1) / g * g - s); j <= i; ++j) visit(k + (kvHead + j) * D, v + (kvHead + j) * D);
  for (int e = 0; e < D / 32; ++e) out[((long long)r * gridDim.z * heads + b * heads + h) * D + lane + 32 * e] = acc[e] / total;
}

struct Case {
  int batch, heads, kvGroup, length, g, s;
};

std::vector<unsigned short> randomBf16(size_t n, std::mt19937& rng) {
  std::normal_distribution<float> normal;
  std::vector<unsigned short> out(n);
  for (auto& x : out) {
    const float f = normal(rng);
    unsigned u;
    std::memcpy(&u, &f, 4);
    x = (unsigned short)((u + 0x7fff + ((u >> 16) & 1)) >> 16);
  }
  return out;
}

struct Device {
  unsigned short *q = nullptr, *k = nullptr, *v = nullptr, *ck = nullptr, *cv = nullptr, *out = nullptr;
  ~Device() {
    for (void* p : {(void*)q, (void*)k, (void*)v, (void*)ck, (void*)cv, (void*)out}) cudaFree(p);
  }
};

int groupsOf(const Case& c) { return c.length > c.s ? (c.length - c.s) / c.g : 0; }

// The split cca_cuda.cpp picks: the most lanes per key that keep g keys within a warp and divide the
// row's 16-byte pieces.
int poolSplit(int g) {
  int split = 1;
  while (split < D / 8 && g * split * 2 <= 32 && (D / 8) % (split * 2) == 0) split *= 2;
  return split;
}
template <int S>
__global__ void harnessPool(PoolArgs a) {
  ccapool::poolWarp<S>(a);
}
template <int S>
void launchPoolSplit(int split, dim3 grid, const PoolArgs& a) {
  if constexpr (S <= 16 && (D / 8) % S == 0) {
    if (split == S) {
      harnessPool<S><<<grid, 128>>>(a);
      return;
    }
    launchPoolSplit<S * 2>(split, grid, a);
  } else {
    std::abort();
  }
}

void launchPool(const Case& c, Device& d, float scale) {
  const int groups = groupsOf(c);
  if (groups == 0) return;
  if (c.kvGroup != 1) std::abort();  // the pool kernel takes K/V per query head
  const long long head = (long long)c.length * D;
  PoolArgs a{d.ck, d.cv, d.q, d.k, d.v, groups, D, c.g, c.heads * head, head, D, c.heads * head, head, D, c.heads * head, head, D,
             (long long)c.heads * groups * D, (long long)groups * D, scale};
  launchPoolSplit<1>(poolSplit(c.g), dim3((groups + 3) / 4, c.heads, c.batch), a);
}

void launchFused(const Case& c, Device& d, float scale) {
  const int groups = groupsOf(c);
  const long long kvHeads = c.heads / c.kvGroup;
  CcaFusedArgs a{d.out, d.q, d.k, d.v, d.ck, d.cv,
                 (long long)c.heads * c.length * D, (long long)c.length * D, D,
                 kvHeads * c.length * D, (long long)c.length * D, D,
                 kvHeads * c.length * D, (long long)c.length * D, D,
                 (long long)c.heads * std::max(groups, 1) * D, (long long)std::max(groups, 1) * D, D,
                 (long long)c.heads * c.length * D, (long long)c.length * D, D,
                 c.length, groups, c.g, c.s, c.kvGroup, (float)(scale * 1.4426950408889634)};
  contextbench_cca_fused<<<dim3((c.length + BLOCK_M - 1) / BLOCK_M, c.heads, c.batch), CCA_WARPS * 32>>>(a);
}

float toHost(unsigned short x) {
  unsigned u = unsigned(x) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

bool check(const Case& c, int sampled) {
  std::mt19937 rng(c.length * 31 + c.g * 7 + c.s);
  const long long qn = (long long)c.batch * c.heads * c.length * D, kn = qn / c.kvGroup;
  const int groups = groupsOf(c);
  const long long cn = (long long)c.batch * c.heads * std::max(groups, 1) * D;
  const float scale = 1.f / std::sqrt((float)D);
  Device d;
  auto hq = randomBf16(qn, rng), hk = randomBf16(kn, rng), hv = randomBf16(kn, rng);
  CHECK(cudaMalloc(&d.q, qn * 2));
  CHECK(cudaMalloc(&d.k, kn * 2));
  CHECK(cudaMalloc(&d.v, kn * 2));
  CHECK(cudaMalloc(&d.ck, cn * 2));
  CHECK(cudaMalloc(&d.cv, cn * 2));
  CHECK(cudaMalloc(&d.out, qn * 2));
  CHECK(cudaMemcpy(d.q, hq.data(), qn * 2, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(d.k, hk.data(), kn * 2, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(d.v, hv.data(), kn * 2, cudaMemcpyHostToDevice));
  CHECK(cudaMemset(d.out, 0xff, qn * 2));  // NaN: a row the kernel skips shows
  float poolError = 0.f;
  if (groups > 0 && c.kvGroup == 1) {
    launchPool(c, d, scale);
    float *rk, *rv;
    CHECK(cudaMalloc(&rk, cn * 4));
    CHECK(cudaMalloc(&rv, cn * 4));
    referencePool<<<dim3(groups, c.heads, c.batch), 32>>>(rk, rv, d.q, d.k, d.v, c.heads, c.length, groups, c.g, scale);
    CHECK(cudaDeviceSynchronize());
    std::vector<float> ek(cn), ev(cn);
    std::vector<unsigned short> gk(cn), gv(cn);
    CHECK(cudaMemcpy(ek.data(), rk, cn * 4, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(ev.data(), rv, cn * 4, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(gk.data(), d.ck, cn * 2, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(gv.data(), d.cv, cn * 2, cudaMemcpyDeviceToHost));
    for (long long x = 0; x < cn; ++x)
      poolError = std::max({poolError, std::fabs(ek[x] - toHost(gk[x])), std::fabs(ev[x] - toHost(gv[x]))});
    cudaFree(rk);
    cudaFree(rv);
  } else if (groups > 0) {  // GQA: pooled tokens from random data (pooling itself is per query head)
    auto hc = randomBf16(cn, rng), hd = randomBf16(cn, rng);
    CHECK(cudaMemcpy(d.ck, hc.data(), cn * 2, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d.cv, hd.data(), cn * 2, cudaMemcpyHostToDevice));
  }
  launchFused(c, d, scale);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  std::vector<int> rows;
  if (sampled <= 0 || sampled >= c.length) {
    for (int i = 0; i < c.length; ++i) rows.push_back(i);
  } else {
    for (int x = 0; x < sampled; ++x) rows.push_back((int)((long long)x * (c.length - 1) / (sampled - 1)));
    for (int i = 0; i < 300 && i < c.length; ++i) rows.push_back(i);
    for (int i = std::max(0, c.s - 40); i < std::min(c.length, c.s + 80); ++i) rows.push_back(i);
  }
  int* drows;
  float* ref;
  const long long refn = (long long)rows.size() * c.batch * c.heads * D;
  CHECK(cudaMalloc(&drows, rows.size() * 4));
  CHECK(cudaMalloc(&ref, refn * 4));
  CHECK(cudaMemcpy(drows, rows.data(), rows.size() * 4, cudaMemcpyHostToDevice));
  referenceAttention<<<dim3(rows.size(), c.heads, c.batch), 32>>>(ref, drows, (int)rows.size(), d.q, d.k, d.v, d.ck, d.cv, c.heads,
                                                                   c.kvGroup, c.length, groups, c.g, c.s, scale);
  CHECK(cudaDeviceSynchronize());
  std::vector<float> hr(refn);
  std::vector<unsigned short> ho(qn);
  CHECK(cudaMemcpy(hr.data(), ref, refn * 4, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(ho.data(), d.out, qn * 2, cudaMemcpyDeviceToHost));
  float worst = 0.f;
  long long worstAt = -1;
  for (size_t r = 0; r < rows.size(); ++r)
    for (int b = 0; b < c.batch; ++b)
      for (int h = 0; h < c.heads; ++h)
        for (int e = 0; e < D; ++e) {
          const float want = hr[((long long)r * c.batch * c.heads + b * c.heads + h) * D + e];
          const float got = toHost(ho[(((long long)b * c.heads + h) * c.length + rows[r]) * D + e]);
          const float diff = std::fabs(want - got);
          if (!(diff <= worst)) worst = diff, worstAt = rows[r];
        }
  cudaFree(drows);
  cudaFree(ref);
  const bool ok = worst <= 2e-2f && poolError <= 2e-2f;
  std::printf("{\"check\": \"B%d H%d kvGroup%d L%d g%d s%d\", \"rows\": %zu, \"max_abs_diff\": %g, \"worst_row\": %lld, \"pool_max_abs_diff\": %g, \"ok\": %s}\n",
              c.batch, c.heads, c.kvGroup, c.length, c.g, c.s, rows.size(), worst, worstAt, poolError, ok ? "true" : "false");
  return ok;
}

void timeSweep() {
  for (int length : {1024, 2048, 4096, 8192, 16384, 32768, 65536}) {
    const Case c{1, 12, 1, length, 16, 1024};
    const long long n = (long long)c.heads * length * D;
    const int groups = groupsOf(c);
    Device d;
    CHECK(cudaMalloc(&d.q, n * 2));
    CHECK(cudaMalloc(&d.k, n * 2));
    CHECK(cudaMalloc(&d.v, n * 2));
    CHECK(cudaMalloc(&d.ck, (long long)c.heads * std::max(groups, 1) * D * 2));
    CHECK(cudaMalloc(&d.cv, (long long)c.heads * std::max(groups, 1) * D * 2));
    CHECK(cudaMalloc(&d.out, n * 2));
    std::mt19937 rng(length);
    // Independent q, k and v: with k = q every row's own key dominates and the running maxima settle
    // sooner than on real inputs.
    const auto hq = randomBf16(n, rng), hk = randomBf16(n, rng), hv = randomBf16(n, rng);
    CHECK(cudaMemcpy(d.q, hq.data(), n * 2, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d.k, hk.data(), n * 2, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d.v, hv.data(), n * 2, cudaMemcpyHostToDevice));
    const float scale = 1.f / std::sqrt((float)D);
    auto median = [&](auto&& fn) {
      for (int w = 0; w < 3; ++w) fn();
      std::vector<float> ms;
      cudaEvent_t a, b;
      cudaEventCreate(&a);
      cudaEventCreate(&b);
      for (int r = 0; r < 21; ++r) {
        cudaEventRecord(a);
        fn();
        cudaEventRecord(b);
        cudaEventSynchronize(b);
        float t;
        cudaEventElapsedTime(&t, a, b);
        ms.push_back(t);
      }
      cudaEventDestroy(a);
      cudaEventDestroy(b);
      std::sort(ms.begin(), ms.end());
      return ms[ms.size() / 2];
    };
    const float pool = median([&] { launchPool(c, d, scale); });
    const float fused = median([&] { launchFused(c, d, scale); });
    const float both = median([&] {
      launchPool(c, d, scale);
      launchFused(c, d, scale);
    });
    CHECK(cudaGetLastError());
    std::printf("{\"time\": \"L%d\", \"pool_ms\": %.4f, \"fused_ms\": %.4f, \"cca_ms\": %.4f}\n", length, pool, fused, both);
  }
}

int main(int argc, char** argv) {
  cudaDeviceProp p;
  CHECK(cudaGetDeviceProperties(&p, 0));
  std::printf("{\"device\": \"%s\", \"head_dim\": %d, \"block_m\": %d}\n", p.name, D, BLOCK_M);
  bool ok = true;
  const Case cases[] = {{2, 3, 1, 3000, 16, 1024}, {1, 2, 1, 1000, 16, 1024}, {1, 2, 1, 777, 5, 100}, {1, 2, 1, 513, 1, 0},
                        {1, 2, 1, 700, 16, 0},     {2, 2, 1, 4100, 32, 64},   {1, 3, 1, 2049, 7, 1024}, {1, 6, 3, 3001, 16, 512},
                        {1, 2, 1, 1, 16, 1024},    {1, 2, 1, 130, 3, 2}};
  for (const auto& c : cases) ok = check(c, 0) && ok;
  ok = check({1, 12, 1, 65536, 16, 1024}, 1500) && ok;
  if (argc < 2 || std::string(argv[1]) != "--no-time") timeSweep();
  std::printf("{\"all_ok\": %s}\n", ok ? "true" : "false");
  return ok ? 0 : 1;
}
