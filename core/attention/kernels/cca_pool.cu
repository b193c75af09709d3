// Pools each group of g raw keys and values into one core token, one warp per (head, group), all in
// registers: SPLIT lanes share a key (lane = key * SPLIT + part), each holding every SPLIT-th 16-byte
// piece of its key's row, of its value's row and of the group's last query. A key's score is its
// lanes' partial dot products summed; the softmax over the g keys runs across lanes; the weighted
// sums over keys are a butterfly that halves each lane's list at every step, so a lane ends with
// D / 16 of the pooled dimensions and no shared memory or waiting on it is needed.
//
// Compiled by NVRTC (no CUDA headers) with -DPOOL_DIM=D (a multiple of 16, at most 128) and
// -DSPLIT=S (a power of two dividing D / 8, with g * S <= 32), -DHALF=1 for fp16 (bf16 otherwise).
// poolWarp<S> is the whole kernel, so a harness can instantiate several splits in one program.

#ifndef POOL_DIM
#define POOL_DIM 64
#endif
#ifndef SPLIT
#define SPLIT 2
#endif
#ifndef HALF
#define HALF 0
#endif

// Strides in elements; the pooled keys and values are written [B, H, groups, dim] with strides outB, outH.
struct PoolArgs {
  void* keys; void* values; const void* q; const void* k; const void* v;
  long long groups, dim, g, qB, qH, qL, kB, kH, kL, vB, vH, vL, outB, outH;
  float scale;
};

namespace ccapool {

template <int S>
struct Shape {
  static constexpr int chunks = POOL_DIM / 8;    // 16-byte pieces in a row
  static constexpr int pieces = chunks / S;      // pieces a lane holds of each row
  static constexpr int keys = 32 / S;            // keys a warp scores at once
  static constexpr int held = 8 * pieces;        // dimensions a lane holds of a row (D / S)
  // Keys and values are summed one after the other (fewer registers) when a row's dimensions spread
  // evenly over a key's lanes, that is when D is a multiple of 32; else as one list of both.
  static constexpr bool together = held % keys != 0;
  static constexpr int list = together ? 2 * held : held;  // values one butterfly sums
  static constexpr int left = list / keys;                 // of those, what it leaves a lane
  static constexpr int steps = S == 1 ? 5 : S == 2 ? 4 : S == 4 ? 3 : S == 8 ? 2 : S == 16 ? 1 : 0;  // log2(keys)
  static_assert(chunks % S == 0 && (S & (S - 1)) == 0, "the split must be a power of two dividing D / 8");
  static_assert(left * keys == list, "D must be a multiple of 16");
};

struct alignas(16) Words { unsigned w[4]; };

__device__ __forceinline__ float low(unsigned u) {
  if (!HALF) return __uint_as_float(u << 16);
  float f;
  asm("{ .reg .b16 l, h; mov.b32 {l, h}, %1; cvt.f32.f16 %0, l; }" : "=f"(f) : "r"(u));
  return f;
}
__device__ __forceinline__ float high(unsigned u) {
  if (!HALF) return __uint_as_float(u & 0xffff0000u);
  float f;
  asm("{ .reg .b16 l, h; mov.b32 {l, h}, %1; cvt.f32.f16 %0, h; }" : "=f"(f) : "r"(u));
  return f;
}
__device__ __forceinline__ unsigned short narrow(float x) {
  unsigned short r;
  if (!HALF) asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(r) : "f"(x));
  else asm("cvt.rn.f16.f32 %0, %1;" : "=h"(r) : "f"(x));
  return r;
}
// Element e (0..7) of a 16-byte piece.
__device__ __forceinline__ float element(const Words& x, int e) {
  return e & 1 ? high(x.w[e >> 1]) : low(x.w[e >> 1]);
}

// Sums `val` (the list of this lane's key's weighted dimensions) over the warp's keys: at the step
// over key bit `bit` a lane keeps one half of its list (the upper one if it has the bit) and adds its
// partner's copy of that half. List index i then stands for entry i + left * r, where r is the lane's
// key index with its bits reversed (the first step decides the highest offset).
template <int S, int STEP = 0>
__device__ __forceinline__ void butterfly(float* val, int lane) {
  constexpr int bit = S << STEP, n = Shape<S>::list >> STEP;  // template constants, so every loop unrolls
  // Bit masks rather than a select on the array, which the compiler turns into local-memory indexing.
  const int upper = lane & bit ? -1 : 0;
#pragma unroll
  for (int i = 0; i < n / 2; ++i) {
    const int lo = __float_as_int(val[i]), hi = __float_as_int(val[n / 2 + i]);
    const float keep = __int_as_float((hi & upper) | (lo & ~upper)), send = __int_as_float((lo & upper) | (hi & ~upper));
    val[i] = keep + __shfl_xor_sync(0xffffffffu, send, bit);
  }
  if constexpr (STEP + 1 < Shape<S>::steps) butterfly<S, STEP + 1>(val, lane);
}

// Writes what the butterfly left this lane: list entries below `held` go to `first`, the rest (when
// keys and values were summed together) to `second`.
template <int S>
__device__ __forceinline__ void store(unsigned short* first, unsigned short* second, const float* val, int key, int part) {
  int reversed = 0;
#pragma unroll
  for (int b = 1; b < Shape<S>::keys; b <<= 1) reversed = (reversed << 1) | ((key & b) ? 1 : 0);
#pragma unroll
  for (int i = 0; i < Shape<S>::left; ++i) {
    const int entry = i + Shape<S>::left * reversed, dim = entry % Shape<S>::held, piece = dim / 8;
    (entry < Shape<S>::held ? first : second)[(piece * S + part) * 8 + dim % 8] = narrow(val[i]);
  }
}

// This lane's pieces of a row, unpacked and times the key's softmax weight.
template <int S>
__device__ __forceinline__ void weigh(const Words (&words)[Shape<S>::pieces], float weight, float* to) {
#pragma unroll
  for (int p = 0; p < Shape<S>::pieces; ++p) {
#pragma unroll
    for (int e = 0; e < 8; ++e) to[8 * p + e] = weight * element(words[p], e);
  }
}

template <int S>
__device__ __forceinline__ void poolWarp(const PoolArgs& a) {
  constexpr int kPieces = Shape<S>::pieces, kHeld = Shape<S>::held;
  const int lane = threadIdx.x & 31, warps = blockDim.x >> 5;
  const long long j = (long long)blockIdx.x * warps + (threadIdx.x >> 5), h = blockIdx.y, b = blockIdx.z;
  if (j >= a.groups) return;  // whole warps only: the shuffles below need all 32 lanes
  const int g = (int)a.g, key = lane / S, part = lane % S;
  const bool real = key < g;
  const unsigned short* k = (const unsigned short*)a.k + b * a.kB + h * a.kH + (j * g + (real ? key : 0)) * a.kL;
  const unsigned short* v = (const unsigned short*)a.v + b * a.vB + h * a.vH + (j * g + (real ? key : 0)) * a.vL;
  const unsigned short* q = (const unsigned short*)a.q + b * a.qB + h * a.qH + (j * g + g - 1) * a.qL;

  // Every load is issued before any is used.
  Words kw[kPieces], vw[kPieces], qw[kPieces];
#pragma unroll
  for (int p = 0; p < kPieces; ++p) {
    const int at = (p * S + part) * 8;
    qw[p] = *(const Words*)(q + at);
    if (real) {
      kw[p] = *(const Words*)(k + at);
      vw[p] = *(const Words*)(v + at);
    } else {
      kw[p] = vw[p] = Words{{0u, 0u, 0u, 0u}};
    }
  }

  float dot = 0.f;
#pragma unroll
  for (int p = 0; p < kPieces; ++p) {
#pragma unroll
    for (int e = 0; e < 8; ++e) dot = fmaf(element(qw[p], e), element(kw[p], e), dot);
  }
#pragma unroll
  for (int o = 1; o < S; o <<= 1) dot += __shfl_xor_sync(0xffffffffu, dot, o);
  const float score = real ? dot * a.scale : -__int_as_float(0x7f800000);
  float top = score;
#pragma unroll
  for (int o = S; o < 32; o <<= 1) top = fmaxf(top, __shfl_xor_sync(0xffffffffu, top, o));
  const float w = real ? __expf(score - top) : 0.f;
  float total = w;
#pragma unroll
  for (int o = S; o < 32; o <<= 1) total += __shfl_xor_sync(0xffffffffu, total, o);
  const float weight = w / total;

  float val[Shape<S>::list];
  unsigned short* outK = (unsigned short*)a.keys + b * a.outB + h * a.outH + j * POOL_DIM;
  unsigned short* outV = (unsigned short*)a.values + b * a.outB + h * a.outH + j * POOL_DIM;
  if constexpr (Shape<S>::together) {
    weigh<S>(kw, weight, val);
    weigh<S>(vw, weight, val + kHeld);
    butterfly<S>(val, lane);
    store<S>(outK, outV, val, key, part);
  } else {
    weigh<S>(kw, weight, val);
    butterfly<S>(val, lane);
    store<S>(outK, outK, val, key, part);
    weigh<S>(vw, weight, val);
    butterfly<S>(val, lane);
    store<S>(outV, outV, val, key, part);
  }
}

}  // namespace ccapool

extern "C" __global__ void contextbench_cca_pool(PoolArgs a) { ccapool::poolWarp<SPLIT>(a); }
