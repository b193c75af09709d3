// Pools each group of g raw keys and values into one core token: one warp per (head, group) scores
// the g keys against the group's last query (a lane per key, keys staged in shared memory), takes
// their softmax and sums keys and values with those weights (a lane per pair of dimensions).
// Loads and stores bf16/fp16 in aligned pairs with PTX conversions, so NVRTC needs no CUDA headers.
// g <= 32; -DPOOL_DIM=D compiles for exactly head dimension D (the loops over dimensions unroll),
// -DPAIRS=P without it for any head dimension up to 64 P.

// Strides in elements; the pooled keys and values are written [B, H, groups, dim] with strides outB, outH.
struct PoolArgs {
  void* keys; void* values; const void* q; const void* k; const void* v;
  long long groups, dim, g, qB, qH, qL, kB, kH, kL, vB, vH, vL, outB, outH;
  float scale; int bf16;
};
// Values move in pairs: lane l holds dimensions 2p and 2p + 1 for p = l, l + 32, ... (the head
// dimension is a multiple of 8, so a pair is one aligned 32-bit word).
#ifndef PAIRS
#ifdef POOL_DIM
#define PAIRS ((POOL_DIM + 63) / 64)
#else
#define PAIRS 4
#endif
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
// Eight 16-bit values, one 16-byte load.
struct alignas(16) Words { unsigned w[4]; };
__device__ void unpack8(const Words& x, float* to, int bf16) {
  _Pragma("unroll") for (int e = 0; e < 4; ++e) {
    const Pair p = bf16 ? pair(__uint_as_float(x.w[e] << 16), __uint_as_float(x.w[e] & 0xffff0000u)) : load2(x.w + e, 0, 0);
    to[2 * e] = p.x;
    to[2 * e + 1] = p.y;
  }
}
// Shared per warp: the group's keys and values [g][dim + 1] and the last query [dim]. Every load of
// the group is issued before any is used, 16 bytes at a time.
extern "C" __global__ void contextbench_cca_pool(PoolArgs a) {
  extern __shared__ float shared[];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  const long long j = (long long)blockIdx.x * warps + warp, h = blockIdx.y, b = blockIdx.z;
#ifdef POOL_DIM
  constexpr int d = POOL_DIM;
#else
  const int d = (int)a.dim;
#endif
  const int g = (int)a.g, pairs = d / 2, chunks = d / 8;
  float* ks = shared + warp * (2 * g * (d + 1) + d);
  float* vs = ks + g * (d + 1);
  float* qs = vs + g * (d + 1);
  if (j >= a.groups) return;
  const unsigned short* k = (const unsigned short*)a.k + b * a.kB + h * a.kH + j * g * a.kL;
  const unsigned short* v = (const unsigned short*)a.v + b * a.vB + h * a.vH + j * g * a.vL;
  const unsigned short* q = (const unsigned short*)a.q + b * a.qB + h * a.qH + (j * g + g - 1) * a.qL;
  for (int at = lane; at < g * chunks; at += 32) {
    const int u = at / chunks, c = at - u * chunks;
    const Words x = *(const Words*)(k + u * a.kL + 8 * c), y = *(const Words*)(v + u * a.vL + 8 * c);
    unpack8(x, ks + u * (d + 1) + 8 * c, a.bf16);
    unpack8(y, vs + u * (d + 1) + 8 * c, a.bf16);
  }
  for (int c = lane; c < chunks; c += 32) unpack8(*(const Words*)(q + 8 * c), qs + 8 * c, a.bf16);
  __syncwarp();
  const float score = lane < g ? dotShared(qs, ks, lane, d) * a.scale : -__int_as_float(0x7f800000);
  const float top = warpMax(score);
  const float w = lane < g ? expf(score - top) : 0.f;
  const float inverse = __fdividef(1.f, warpSum(w));
  Pair pk[PAIRS], pv[PAIRS];
  _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) pk[e] = pv[e] = pair(0.f, 0.f);
  for (int u = 0; u < g; ++u) {
    const float wu = __shfl_sync(0xffffffffu, w, u) * inverse;
    _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) {
      const int p = lane + 32 * e;
      if (p < pairs) {
        pk[e].x += wu * ks[u * (d + 1) + 2 * p];
        pk[e].y += wu * ks[u * (d + 1) + 2 * p + 1];
        pv[e].x += wu * vs[u * (d + 1) + 2 * p];
        pv[e].y += wu * vs[u * (d + 1) + 2 * p + 1];
      }
    }
  }
  unsigned short* outK = (unsigned short*)a.keys + b * a.outB + h * a.outH + j * d;
  unsigned short* outV = (unsigned short*)a.values + b * a.outB + h * a.outH + j * d;
  _Pragma("unroll") for (int e = 0; e < PAIRS; ++e) {
    const int p = lane + 32 * e;
    if (p < pairs) {
      store2(outK, p, pk[e], a.bf16);
      store2(outV, p, pv[e], a.bf16);
    }
  }
}
