#include "core/attention/cca_flash.h"

#include "core/attention/cca_attention.h"
#include "core/common/error.h"
#include "core/runtime/nvrtc_kernel.h"

#include <ATen/ATen.h>

#include <cmath>

namespace cb {
namespace {

// Two kernels, compiled together:
//   pool   one warp per (head, group): the g scores q_last . k / sqrt(d) (a lane per key, keys staged
//          in shared memory), their softmax, and the pooled key and value (a lane per dimension);
//   merge  one block per (head, g consecutive queries). Queries s - 1 + G g .. s - 2 + (G + 1) g all
//          take their extra keys from raw group G (query t of the block takes its first t tokens),
//          so the block stages that group's keys and values in shared memory once. Each warp starts
//          from its query's local part (output row and log-sum-exp), folds in the core part, then
//          the extra keys (a lane per key, one softmax update), and overwrites the local row.
// Loads and stores bf16/fp16 in aligned pairs with PTX conversions, so NVRTC needs no CUDA headers.
// g <= 32.
constexpr const char* kMergeSource = R"cuda(
struct MergeArgs {
  void* out; const float* lseLocal; const void* q; const void* k; const void* v;
  const void* core; const float* lseCore;
  long long first, count, alignedFirst, dim, g, s, coreFirst;
  long long outL, outH, lseLocalH, lseLocalL, qH, qL, kH, kL, vH, vL;
  long long coreT, coreC, coreH, lseCoreT, lseCoreH, lseCoreC;
  float scale; int bf16; int hasCore; int pad;
};
struct PoolArgs {
  void* keys; void* values; const void* q; const void* k; const void* v;
  long long groups, dim, g, qH, qL, kH, kL, vH, vL;
  float scale; int bf16;
};
// Values move in pairs: lane l holds dimensions 2p and 2p + 1 for p = l, l + 32, ... (the head
// dimension is a multiple of 8, so a pair is one aligned 32-bit word).
#ifndef PAIRS
#define PAIRS 4
#endif
struct Pair { float x, y; };
__device__ Pair pair(float x, float y) { Pair r; r.x = x; r.y = y; return r; }
__device__ Pair load2(const void* row, int p, int bf16) {
  const unsigned u = ((const unsigned*)row)[p];
  if (bf16) return pair(__uint_as_float(u << 16), __uint_as_float(u & 0xffff0000u));
  float lo, hi;
  const unsigned short a = (unsigned short)(u & 0xffffu), b = (unsigned short)(u >> 16);
  asm("cvt.f32.f16 %0, %1;" : "=f"(lo) : "h"(a));
  asm("cvt.f32.f16 %0, %1;" : "=f"(hi) : "h"(b));
  return pair(lo, hi);
}
__device__ void store2(void* row, int p, Pair x, int bf16) {
  unsigned short lo, hi;
  if (bf16) {
    asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(lo) : "f"(x.x));
    asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(hi) : "f"(x.y));
  } else {
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(lo) : "f"(x.x));
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(hi) : "f"(x.y));
  }
  ((unsigned*)row)[p] = (unsigned)lo | ((unsigned)hi << 16);
}
__device__ float warpMax(float x) {
  for (int o = 16; o > 0; o >>= 1) x = fmaxf(x, __shfl_xor_sync(0xffffffffu, x, o));
  return x;
}
__device__ float warpSum(float x) {
  for (int o = 16; o > 0; o >>= 1) x += __shfl_xor_sync(0xffffffffu, x, o);
  return x;
}
// A lane per key: the dot product of a shared query row with shared key row `key` (rows padded to
// dim + 1 floats, so the 32 lanes read 32 different banks).
__device__ float dotShared(const float* qs, const float* ks, int key, int d) {
  float dot = 0.f;
  for (int c = 0; c < d; ++c) dot += qs[c] * ks[key * (d + 1) + c];
  return dot;
}
// Shared per warp: the group's keys [g][dim + 1] and the last query [dim].
extern "C" __global__ void contextbench_cca_pool(PoolArgs a) {
  extern __shared__ float shared[];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  const long long j = (long long)blockIdx.x * warps + warp, h = blockIdx.y;
  const int d = (int)a.dim, g = (int)a.g, pairs = d / 2;
  float* ks = shared + warp * (g * (d + 1) + d);
  float* qs = ks + g * (d + 1);
  if (j >= a.groups) return;
  const unsigned short* k = (const unsigned short*)a.k + h * a.kH + j * g * a.kL;
  const unsigned short* v = (const unsigned short*)a.v + h * a.vH + j * g * a.vL;
  const unsigned short* q = (const unsigned short*)a.q + h * a.qH + (j * g + g - 1) * a.qL;
  for (int u = 0; u < g; ++u)
    for (int p = lane; p < pairs; p += 32) {
      const Pair x = load2(k + u * a.kL, p, a.bf16);
      ks[u * (d + 1) + 2 * p] = x.x;
      ks[u * (d + 1) + 2 * p + 1] = x.y;
    }
  for (int p = lane; p < pairs; p += 32) {
    const Pair x = load2(q, p, a.bf16);
    qs[2 * p] = x.x;
    qs[2 * p + 1] = x.y;
  }
  __syncwarp();
  const float score = lane < g ? dotShared(qs, ks, lane, d) * a.scale : -__int_as_float(0x7f800000);
  const float top = warpMax(score);
  const float w = lane < g ? expf(score - top) : 0.f;
  const float inverse = 1.f / warpSum(w);
  Pair pk[PAIRS], pv[PAIRS];
  _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) pk[e] = pv[e] = pair(0.f, 0.f);
  for (int u = 0; u < g; ++u) {
    const float wu = __shfl_sync(0xffffffffu, w, u) * inverse;
    _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) {
      const int p = lane + 32 * e;
      if (p < pairs) {
        const Pair x = load2(v + u * a.vL, p, a.bf16);
        pk[e].x += wu * ks[u * (d + 1) + 2 * p];
        pk[e].y += wu * ks[u * (d + 1) + 2 * p + 1];
        pv[e].x += wu * x.x;
        pv[e].y += wu * x.y;
      }
    }
  }
  unsigned short* outK = (unsigned short*)a.keys + (h * a.groups + j) * d;
  unsigned short* outV = (unsigned short*)a.values + (h * a.groups + j) * d;
  _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) {
    const int p = lane + 32 * e;
    if (p < pairs) {
      store2(outK, p, pk[e], a.bf16);
      store2(outV, p, pv[e], a.bf16);
    }
  }
}
// Shared: the block's group of keys [g][dim + 1] and values [g][dim].
extern "C" __global__ void contextbench_cca_merge(MergeArgs a) {
  extern __shared__ float shared[];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  const int d = (int)a.dim, g = (int)a.g, pairs = d / 2;
  const long long h = blockIdx.y, start = a.alignedFirst + (long long)blockIdx.x * g;
  float* ks = shared;
  float* vs = ks + g * (d + 1);
  const bool extras = start + 1 - a.s >= 0;  // the block's queries are >= s - 1
  if (extras) {
    const int group = (int)(start + 1 - a.s) / g;
    const unsigned short* k = (const unsigned short*)a.k + h * a.kH + (long long)group * g * a.kL;
    const unsigned short* v = (const unsigned short*)a.v + h * a.vH + (long long)group * g * a.vL;
    for (int at = threadIdx.x; at < g * pairs; at += blockDim.x) {
      const int u = at / pairs, p = at % pairs;
      const Pair x = load2(k + u * a.kL, p, a.bf16), y = load2(v + u * a.vL, p, a.bf16);
      ks[u * (d + 1) + 2 * p] = x.x;
      ks[u * (d + 1) + 2 * p + 1] = x.y;
      vs[u * d + 2 * p] = y.x;
      vs[u * d + 2 * p + 1] = y.y;
    }
  }
  __syncthreads();
  for (int t = warp; t < g; t += warps) {
    const long long i = start + t;
    if (i < a.first || i >= a.first + a.count) continue;
    unsigned short* out = (unsigned short*)a.out + i * a.outL + h * a.outH;
    const unsigned short* row = 0;
    float lse = 0.f;
    if (a.hasCore) {
      const int rel = (int)(i - a.coreFirst), ct = rel % g, block = rel / g;  // 32-bit: 64-bit division is slow
      lse = a.lseCore[ct * a.lseCoreT + h * a.lseCoreH + block * a.lseCoreC];
      row = (const unsigned short*)a.core + ct * a.coreT + block * a.coreC + h * a.coreH;
    }
    // Every load of the row issued before any is used.
    Pair acc[PAIRS], core[PAIRS];
    _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) {
      const int p = lane + 32 * e;
      acc[e] = p < pairs ? load2(out, p, a.bf16) : pair(0.f, 0.f);
      core[e] = a.hasCore && p < pairs ? load2(row, p, a.bf16) : pair(0.f, 0.f);
    }
    float top = a.lseLocal[h * a.lseLocalH + i * a.lseLocalL], sum = 1.f;
    if (a.hasCore) {
      const float next = fmaxf(top, lse), old = expf(top - next), add = expf(lse - next);
      _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) {
        acc[e].x = acc[e].x * old + add * core[e].x;
        acc[e].y = acc[e].y * old + add * core[e].y;
      }
      sum = sum * old + add;
      top = next;
    }
    if (extras && t > 0) {  // query t of the block sees the group's first t tokens
      // Lanes over dimensions, one warp reduction per key: t is at most g - 1, so this beats a lane
      // per key walking all d dimensions alone.
      const unsigned short* qrow = (const unsigned short*)a.q + h * a.qH + i * a.qL;
      Pair qv[PAIRS];
      _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) {
        const int p = lane + 32 * e;
        qv[e] = p < pairs ? load2(qrow, p, a.bf16) : pair(0.f, 0.f);
      }
      float score = -__int_as_float(0x7f800000);
      for (int u = 0; u < t; ++u) {
        float dot = 0.f;
        _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) {
          const int p = lane + 32 * e;
          if (p < pairs) dot += qv[e].x * ks[u * (d + 1) + 2 * p] + qv[e].y * ks[u * (d + 1) + 2 * p + 1];
        }
        dot = warpSum(dot) * a.scale;
        if (lane == u) score = dot;
      }
      const float next = fmaxf(top, warpMax(score));
      const float w = lane < t ? expf(score - next) : 0.f;
      const float old = expf(top - next);
      _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) {
        acc[e].x *= old;
        acc[e].y *= old;
      }
      for (int u = 0; u < t; ++u) {
        const float wu = __shfl_sync(0xffffffffu, w, u);
        _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) {
          const int p = lane + 32 * e;
          if (p < pairs) {
            acc[e].x += wu * vs[u * d + 2 * p];
            acc[e].y += wu * vs[u * d + 2 * p + 1];
          }
        }
      }
      sum = sum * old + warpSum(w);
      top = next;
    }
    const float inverse = 1.f / sum;
    _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) {
      const int p = lane + 32 * e;
      if (p < pairs) store2(out, p, pair(acc[e].x * inverse, acc[e].y * inverse), a.bf16);
    }
  }
}
)cuda";

constexpr int64_t kMaxHeadDim = 256;  // 8 values per lane
constexpr int64_t kMaxGroup = 32;      // a lane per key

// Mirrors the kernel's MergeArgs field for field.
struct MergeArgs {
    void* out;
    const float* lseLocal;
    const void* q;
    const void* k;
    const void* v;
    const void* core;
    const float* lseCore;
    long long first, count, alignedFirst, dim, g, s, coreFirst;
    long long outL, outH, lseLocalH, lseLocalL, qH, qL, kH, kL, vH, vL;
    long long coreT, coreC, coreH, lseCoreT, lseCoreH, lseCoreC;
    float scale;
    int bf16;
    int hasCore;
    int pad;
};

// Mirrors the kernel's PoolArgs.
struct PoolArgs {
    void* keys;
    void* values;
    const void* q;
    const void* k;
    const void* v;
    long long groups, dim, g, qH, qL, kH, kL, vH, vL;
    float scale;
    int bf16;
};

// Compiled for the pairs a lane holds (head dimension up to 64, 128 or 256): the per-lane arrays
// then take no more registers than the head needs, which keeps more blocks on each SM.
const NvrtcKernel& mergeKernel(int64_t dim) {
    if (dim <= 64) {
        static const NvrtcKernel compiled(kMergeSource, "contextbench_cca_merge", "-DPAIRS=1");
        return compiled;
    }
    if (dim <= 128) {
        static const NvrtcKernel compiled(kMergeSource, "contextbench_cca_merge", "-DPAIRS=2");
        return compiled;
    }
    static const NvrtcKernel compiled(kMergeSource, "contextbench_cca_merge", "-DPAIRS=4");
    return compiled;
}

const NvrtcKernel& poolKernel(int64_t dim) {
    if (dim <= 64) {
        static const NvrtcKernel compiled(kMergeSource, "contextbench_cca_pool", "-DPAIRS=1");
        return compiled;
    }
    if (dim <= 128) {
        static const NvrtcKernel compiled(kMergeSource, "contextbench_cca_pool", "-DPAIRS=2");
        return compiled;
    }
    static const NvrtcKernel compiled(kMergeSource, "contextbench_cca_pool", "-DPAIRS=4");
    return compiled;
}

constexpr unsigned kPoolWarps = 4;
constexpr std::size_t kSharedLimit = 48 * 1024;

std::size_t mergeShared(int64_t g, int64_t d) { return static_cast<std::size_t>((g * (d + 1) + g * d) * 4); }
std::size_t poolShared(int64_t g, int64_t d) { return static_cast<std::size_t>(kPoolWarps * (g * (d + 1) + d) * 4); }

struct Flash {
    at::Tensor out;  // [batch, Lq, heads, D]
    at::Tensor lse;  // [batch, heads, >= Lq] float32
};

// q, k, v in flash layout [batch, L, heads, D].
Flash flash(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, bool causal, double scale,
            std::optional<int64_t> windowLeft = std::nullopt) {
    auto result = at::_flash_attention_forward(q, k, v, std::nullopt, std::nullopt, q.size(1), k.size(1), 0.0, causal, false,
                                               scale, windowLeft, windowLeft ? std::optional<int64_t>(0) : std::nullopt);
    return {std::get<0>(result), std::get<1>(result)};
}

// Where the core part of a range of queries comes from: query i reads row (t, block) with
// rel = i - first, t = rel mod g, block = rel / g.
struct CoreSource {
    const Flash* part = nullptr;
    int64_t first = 0;
    bool blocked = true;  // out [g, blocks, H, D]; else the tail's [1, rows, H, D]
};

void merge(MergeArgs args, const Flash& local, const CoreSource& core, int64_t first, int64_t count, int64_t heads) {
    if (count <= 0) return;
    args.out = local.out.data_ptr();
    args.lseLocal = local.lse.data_ptr<float>();
    args.first = first;
    args.count = count;
    // Blocks start where a block of queries sharing one group of extra keys starts: s - 1 mod g.
    const int64_t phase = ((first - (args.s - 1)) % args.g + args.g) % args.g;
    args.alignedFirst = first - phase;
    args.outL = local.out.stride(1);
    args.outH = local.out.stride(2);
    args.lseLocalH = local.lse.stride(1);
    args.lseLocalL = local.lse.stride(2);
    args.hasCore = core.part != nullptr;
    if (core.part) {
        const auto& out = core.part->out;
        const auto& lse = core.part->lse;
        args.core = out.data_ptr();
        args.lseCore = lse.data_ptr<float>();
        args.coreFirst = core.first;
        if (core.blocked) {
            args.coreT = out.stride(0), args.coreC = out.stride(1), args.coreH = out.stride(2);
            args.lseCoreT = lse.stride(0), args.lseCoreH = lse.stride(1), args.lseCoreC = lse.stride(2);
        } else {  // one block: its rows are the t
            args.coreT = out.stride(1), args.coreC = 0, args.coreH = out.stride(2);
            args.lseCoreT = lse.stride(2), args.lseCoreH = lse.stride(1), args.lseCoreC = 0;
        }
    }
    void* params[] = {&args};
    const auto blocks = static_cast<unsigned>((count + phase + args.g - 1) / args.g);
    const auto threads = static_cast<unsigned>(32 * args.g);
    if (const auto failed = mergeKernel(args.dim).launch({blocks, static_cast<unsigned>(heads), 1}, {threads, 1, 1},
                                                 static_cast<unsigned>(mergeShared(args.g, args.dim)), params);
        !failed.empty())
        throw Error("CCA merge kernel: " + failed);
}

// ccaPool's result from the pool kernel, per batch: [B, H, m, D].
CcaPooled poolCore(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t groups, double scale) {
    const int64_t batch = q.size(0), heads = q.size(1), dim = q.size(3);
    CcaPooled pooled{at::empty({batch, heads, groups, dim}, q.options()), at::empty({batch, heads, groups, dim}, q.options())};
    for (int64_t b = 0; b < batch; ++b) {
        const auto qb = q[b], kb = k[b], vb = v[b];
        PoolArgs args{pooled.keys[b].data_ptr(), pooled.values[b].data_ptr(), qb.data_ptr(), kb.data_ptr(), vb.data_ptr(),
                      groups, dim, g, qb.stride(0), qb.stride(1), kb.stride(0), kb.stride(1), vb.stride(0), vb.stride(1),
                      static_cast<float>(scale), q.scalar_type() == at::kBFloat16};
        void* params[] = {&args};
        const auto blocks = static_cast<unsigned>((groups + kPoolWarps - 1) / kPoolWarps);
        if (const auto failed = poolKernel(dim).launch({blocks, static_cast<unsigned>(heads), 1}, {32 * kPoolWarps, 1, 1},
                                                    static_cast<unsigned>(poolShared(g, dim)), params);
            !failed.empty())
            throw Error("CCA pool kernel: " + failed);
    }
    return pooled;
}

}  // namespace

std::string ccaFlashUnsupported(const at::Tensor& q, int64_t g, int64_t s) {
    if (!q.is_cuda()) return "not a CUDA tensor";
    if (q.scalar_type() != at::kBFloat16 && q.scalar_type() != at::kHalf) return "flash needs bf16 or fp16";
    if (s < 1 || g < 1 || s % g != 0) return "s must be a positive multiple of g";
    const auto d = q.size(3);
    if (d % 8 != 0 || d > kMaxHeadDim) return "head dimension must be a multiple of 8, at most 256";
    if (g > kMaxGroup) return "the merge kernel takes g up to 32";
    if (mergeShared(g, d) > kSharedLimit || poolShared(g, d) > kSharedLimit)
        return "g x head dimension too large for the merge kernel's shared memory";
    if (q.requires_grad()) return "forward only";
    if (!mergeKernel(d).usable()) return mergeKernel(d).error();
    if (!poolKernel(d).usable()) return poolKernel(d).error();
    return {};
}

at::Tensor ccaAttentionFlash(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s) {
    if (const auto why = ccaFlashUnsupported(q, g, s); !why.empty()) throw Error("CCA flash path unavailable: " + why);
    checkCcaInputs(q, k, v, g, s);
    const int64_t batch = q.size(0), heads = q.size(1), length = q.size(2), dim = q.size(3);
    const double scale = 1.0 / std::sqrt(static_cast<double>(dim));
    const auto local = flash(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), true, scale, s - 1);
    if (length <= s) return local.out.transpose(1, 2);  // the window is the whole causal prefix

    const int64_t groups = ccaGroupCount(length, g, s);
    const int64_t base = s - 1 + g;  // the first query that sees a core token
    const auto pooled = groups > 0 ? poolCore(q, k, v, g, groups, scale) : CcaPooled{};
    for (int64_t b = 0; b < batch; ++b) {
        MergeArgs args{};
        const auto qb = q[b], kb = k[b], vb = v[b];  // [H, L, D]
        args.q = qb.data_ptr(), args.k = kb.data_ptr(), args.v = vb.data_ptr();
        args.qH = qb.stride(0), args.qL = qb.stride(1), args.kH = kb.stride(0), args.kL = kb.stride(1);
        args.vH = vb.stride(0), args.vL = vb.stride(1);
        args.dim = dim, args.g = g, args.s = s;
        args.scale = static_cast<float>(scale);
        args.bf16 = q.scalar_type() == at::kBFloat16;
        const Flash rows{local.out[b].unsqueeze(0), local.lse[b].unsqueeze(0)};  // this batch's

        merge(args, rows, {}, 0, std::min(base, length), heads);
        if (groups == 0) continue;
        const auto coreKeys = pooled.keys[b].transpose(0, 1), coreValues = pooled.values[b].transpose(0, 1);  // [m, H, D]
        if (groups >= 2) {
            // Query t of block c' sits at base + c' g + t: a [g, m - 1, H, D] view of q with strides.
            const auto blocks = groups - 1;
            const auto queries = q.as_strided({g, blocks, heads, dim}, {q.stride(2), g * q.stride(2), q.stride(1), q.stride(3)},
                                              q.storage_offset() + b * q.stride(0) + base * q.stride(2));
            const auto keys = coreKeys.narrow(0, 0, blocks).unsqueeze(0).expand({g, blocks, heads, dim});
            const auto values = coreValues.narrow(0, 0, blocks).unsqueeze(0).expand({g, blocks, heads, dim});
            const auto core = flash(queries, keys, values, true, scale);
            merge(args, rows, {&core, base, true}, base, blocks * g, heads);
        }
        const int64_t tail = base + (groups - 1) * g;  // the last block, 1..g queries, sees every core token
        const auto tailQueries = qb.narrow(1, tail, length - tail).transpose(0, 1).unsqueeze(0);
        const auto core = flash(tailQueries, coreKeys.unsqueeze(0), coreValues.unsqueeze(0), false, scale);
        merge(args, rows, {&core, tail, false}, tail, length - tail, heads);
    }
    return local.out.transpose(1, 2);
}

}  // namespace cb
