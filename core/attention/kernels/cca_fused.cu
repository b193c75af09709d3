// CCA forward in one pass over tensor cores: each block of BLOCK_M queries of one head streams the
// core tokens it may see, then the raw keys of its local windows, through one online softmax, so the
// joint softmax over core and local keys is exact and no partial result leaves the chip.
//
// Compiled by NVRTC at run time (and by nvcc for tools/cca_kernel_harness.cu), so it uses no CUDA
// header: tensor-core, shared-memory and async-copy instructions are written as inline PTX (sm_80+).
// Options: -DHEAD_DIM=D (a multiple of 16, at most 128), -DHALF=1 for fp16 inputs (bf16 otherwise).
//
// Per warp: 16 x M_TILES query rows; S = Q K^T and O += P V with mma.m16n8k16, Q held in registers,
// K and V tiles of BLOCK_N rows in shared memory (rows padded by 16 bytes so ldmatrix reads hit 32
// distinct banks), in two stages: tile t + 1 loads while tile t is computed, so a load has a whole
// tile's work to arrive in.

#ifndef HEAD_DIM
#define HEAD_DIM 64
#endif
#ifndef HALF
#define HALF 0
#endif

// Tile shape: CCA_WARPS warps of 16 M_TILES query rows each, BLOCK_N keys per step.
#ifndef CCA_WARPS
#define CCA_WARPS 4
#endif
#ifndef M_TILES
#define M_TILES (HEAD_DIM <= 64 ? 2 : 1)
#endif
#ifndef BLOCK_N
#define BLOCK_N 64
#endif
#ifndef MIN_BLOCKS
#define MIN_BLOCKS 1
#endif
#define BLOCK_M (CCA_WARPS * 16 * M_TILES)
#define ROW (HEAD_DIM + 8)
#define KSTEPS (HEAD_DIM / 16)
#define DTILES (HEAD_DIM / 8)
#define CHUNKS (HEAD_DIM / 8)
#define SHARED_ROWS (BLOCK_M > 4 * BLOCK_N ? BLOCK_M : 4 * BLOCK_N)

#if HALF
#define MMA_TYPES "f16.f16"
#define CVT_PAIR "cvt.rn.f16x2.f32"
#else
#define MMA_TYPES "bf16.bf16"
#define CVT_PAIR "cvt.rn.bf16x2.f32"
#endif

// Strides are in elements. Core keys and values share one layout.
struct CcaFusedArgs {
  void* out; const void* q; const void* k; const void* v; const void* coreK; const void* coreV;
  long long qB, qH, qL, kB, kH, kL, vB, vH, vL, cB, cH, cL, oB, oH, oL;
  int length, groups, g, s, kvGroup;
  float scaleLog2;
};

namespace cca {

typedef unsigned short u16;

__device__ __forceinline__ unsigned sharedAddress(const void* p) {
  unsigned r;
  asm("{ .reg .u64 t; cvta.to.shared.u64 t, %1; cvt.u32.u64 %0, t; }" : "=r"(r) : "l"(p));
  return r;
}
// Rows past `valid` are filled with zeros: a masked score times a garbage NaN value would still be NaN.
// When the threads split evenly over a row's 16-byte pieces, each thread copies the same piece of
// every PASS-th row, so its addresses only advance; other head sizes take the general loop.
__device__ __forceinline__ void copyPiece(unsigned to, const u16* from, bool ok) {
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;" ::"r"(to), "l"(from), "r"(ok ? 16 : 0) : "memory");
}
// `dst` is a shared-memory address: kept in 32 bits, the per-row offsets fold into the instructions
// rather than costing 64-bit generic-pointer arithmetic on every tile.
template <int ROWS>
__device__ __forceinline__ void copyRows(unsigned dst, const u16* src, long long stride, int valid) {
  constexpr int THREADS = CCA_WARPS * 32, PASS = THREADS / CHUNKS;
  if constexpr (THREADS % CHUNKS == 0 && ROWS % PASS == 0) {
    const int first = threadIdx.x / CHUNKS, piece = threadIdx.x % CHUNKS;
    const u16* from = src + first * stride + piece * 8;
    unsigned to = dst + (first * ROW + piece * 8) * 2;
#pragma unroll
    for (int pass = 0; pass < ROWS / PASS; ++pass) {
      const bool ok = first + pass * PASS < valid;
      copyPiece(to, ok ? from : src, ok);
      from += PASS * stride;
      to += PASS * ROW * 2;
    }
  } else {
    for (int c = threadIdx.x; c < ROWS * CHUNKS; c += THREADS) {
      const int row = c / CHUNKS, piece = c % CHUNKS;
      const bool ok = row < valid;
      copyPiece(dst + (row * ROW + piece * 8) * 2, ok ? src + row * stride + piece * 8 : src, ok);
    }
  }
}
__device__ __forceinline__ void commitCopies() { asm volatile("cp.async.commit_group;" ::: "memory"); }
__device__ __forceinline__ void waitCopies() { asm volatile("cp.async.wait_group 0;" ::: "memory"); }

// Shared-memory addresses in bytes.
__device__ __forceinline__ void ldsm4(unsigned p, unsigned* r) {
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(p)
               : "memory");
}
__device__ __forceinline__ void ldsm4t(unsigned p, unsigned* r) {
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(p)
               : "memory");
}
__device__ __forceinline__ void mma(float* c, const unsigned* a, unsigned b0, unsigned b1) {
  asm("mma.sync.aligned.m16n8k16.row.col.f32." MMA_TYPES ".f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}
__device__ __forceinline__ unsigned pack(float lo, float hi) {
  unsigned r;
  asm(CVT_PAIR " %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
  return r;
}
__device__ __forceinline__ float exp2Fast(float x) {
  float y;
  asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(y) : "f"(x));
  return y;
}
// Core tokens query i sees: j with (j + 1) g - 1 <= i - s.
__device__ __forceinline__ int coreVisible(int i, int g, int s, int groups) {
  const int n = i - s + 1;
  if (n <= 0) return 0;
  return min(n / g, groups);
}
// First raw key of query i's window (i - s - ((i + 1) mod g), i].
__device__ __forceinline__ int windowStart(int i, int g, int s) { return max(0, (i + 1) / g * g - s); }

}  // namespace cca

extern "C" __global__ void __launch_bounds__(CCA_WARPS * 32, MIN_BLOCKS) contextbench_cca_fused(CcaFusedArgs a) {
  using namespace cca;
  __shared__ __align__(128) u16 smem[SHARED_ROWS * ROW];
  const unsigned shared = sharedAddress(smem);  // Q passes through the K and V stages on its way to registers
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, gid = lane >> 2, tig = lane & 3;
  const int i0 = (gridDim.x - 1 - blockIdx.x) * BLOCK_M;  // the longest rows first
  const int h = blockIdx.y, b = blockIdx.z;
  const int last = min(i0 + BLOCK_M, a.length) - 1;
  const u16* q = (const u16*)a.q + b * a.qB + h * a.qH;
  const u16* k = (const u16*)a.k + b * a.kB + (h / a.kvGroup) * a.kH;
  const u16* v = (const u16*)a.v + b * a.vB + (h / a.kvGroup) * a.vH;
  const u16* ck = (const u16*)a.coreK + b * a.cB + h * a.cH;
  const u16* cv = (const u16*)a.coreV + b * a.cB + h * a.cH;

  const int coreLast = coreVisible(last, a.g, a.s, a.groups);
  const int coreTiles = (coreLast + BLOCK_N - 1) / BLOCK_N;
  // What every row of this warp sees: a tile within these bounds needs no mask. Per warp rather than
  // per block, so fewer tiles take the masked path.
  const int warpFirstRow = i0 + warp * 16 * M_TILES, warpLastRow = warpFirstRow + 16 * M_TILES - 1;
  const int warpCoreLeast = coreVisible(warpFirstRow, a.g, a.s, a.groups), warpRawLatest = windowStart(warpLastRow, a.g, a.s);
  const int rawFrom = windowStart(i0, a.g, a.s);
  const int tiles = coreTiles + (last + 1 - rawFrom + BLOCK_N - 1) / BLOCK_N;

  // This lane's rows: warp * 16 M_TILES + mt * 16 + gid + 8 half.
  int rowAt[M_TILES][2], rowCore[M_TILES][2], rowStart[M_TILES][2];
#pragma unroll
  for (int mt = 0; mt < M_TILES; ++mt) {
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      const int i = i0 + warp * 16 * M_TILES + mt * 16 + gid + 8 * half;
      rowAt[mt][half] = i;
      rowCore[mt][half] = coreVisible(i, a.g, a.s, a.groups);
      rowStart[mt][half] = windowStart(i, a.g, a.s);
    }
  }

  copyRows<BLOCK_M>(shared, q + (long long)i0 * a.qL, a.qL, last + 1 - i0);
  commitCopies();
  waitCopies();
  __syncthreads();
  unsigned qa[M_TILES][KSTEPS][4];
#pragma unroll
  for (int mt = 0; mt < M_TILES; ++mt) {
#pragma unroll
    for (int kk = 0; kk < KSTEPS; ++kk) {
      const int row = warp * 16 * M_TILES + mt * 16 + (lane & 7) + ((lane >> 3) & 1) * 8;
      ldsm4(shared + (row * ROW + kk * 16 + (lane >> 4) * 8) * 2, qa[mt][kk]);
    }
  }
  __syncthreads();

  // Tile t: core tokens [BLOCK_N t, BLOCK_N (t + 1)) while t < coreTiles, then raw keys from rawFrom on.
#define TILE_CORE(t) ((t) < coreTiles)
#define TILE_KEYS(t) (TILE_CORE(t) ? (t) * BLOCK_N : rawFrom + ((t) - coreTiles) * BLOCK_N)
#define TILE_VALID(t) min(BLOCK_N, TILE_CORE(t) ? coreLast - (t) * BLOCK_N : last + 1 - TILE_KEYS(t))
#define TILE_K(t) ((TILE_CORE(t) ? ck + (long long)TILE_KEYS(t) * a.cL : k + (long long)TILE_KEYS(t) * a.kL))
#define TILE_V(t) ((TILE_CORE(t) ? cv + (long long)TILE_KEYS(t) * a.cL : v + (long long)TILE_KEYS(t) * a.vL))
#define TILE_KSTRIDE(t) (TILE_CORE(t) ? a.cL : a.kL)
#define TILE_VSTRIDE(t) (TILE_CORE(t) ? a.cL : a.vL)
#define STAGE_K(t) (shared + ((t) & 1) * (4 * BLOCK_N * ROW))
#define STAGE_V(t) (STAGE_K(t) + 2 * BLOCK_N * ROW)
  // Loads tile t into its stage. Where the threads split evenly over a row's pieces, each keeps
  // pointers to its pieces of the next tile, advanced a tile at a time and moved from the core tokens
  // to the raw keys once, rather than recomputing 64-bit addresses every tile.
  constexpr int THREADS = CCA_WARPS * 32, PASS = THREADS / CHUNKS;
  constexpr bool FAST = THREADS % CHUNKS == 0 && BLOCK_N % PASS == 0;
  const int cpRow = FAST ? threadIdx.x / CHUNKS : 0, cpPiece = FAST ? threadIdx.x % CHUNKS : 0;
  const u16* rawK = k + (long long)(rawFrom + cpRow) * a.kL + cpPiece * 8;
  const u16* rawV = v + (long long)(rawFrom + cpRow) * a.vL + cpPiece * 8;
  const u16* nextK = coreTiles > 0 ? ck + (long long)cpRow * a.cL + cpPiece * 8 : rawK;
  const u16* nextV = coreTiles > 0 ? cv + (long long)cpRow * a.cL + cpPiece * 8 : rawV;
  auto issue = [&](int t) {
    if (t < tiles) {
      if constexpr (FAST) {
        const bool coreTile = TILE_CORE(t);
        const long long ks = coreTile ? a.cL : a.kL, vs = coreTile ? a.cL : a.vL;
        const int rows = (coreTile ? coreLast : last + 1) - TILE_KEYS(t) - cpRow;  // of this thread's, to load
        const unsigned toK = STAGE_K(t) + (cpRow * ROW + cpPiece * 8) * 2, toV = toK + 2 * BLOCK_N * ROW;
        const u16 *fromK = nextK, *fromV = nextV;
#pragma unroll
        for (int pass = 0; pass < BLOCK_N / PASS; ++pass) {
          const bool ok = pass * PASS < rows;
          // A piece past the tile's rows copies nothing (source size 0), so its address is never read.
          copyPiece(toK + pass * PASS * ROW * 2, fromK, ok);
          copyPiece(toV + pass * PASS * ROW * 2, fromV, ok);
          fromK += PASS * ks;
          fromV += PASS * vs;
        }
        nextK = t + 1 == coreTiles ? rawK : fromK;
        nextV = t + 1 == coreTiles ? rawV : fromV;
      } else {
        copyRows<BLOCK_N>(STAGE_K(t), TILE_K(t), TILE_KSTRIDE(t), TILE_VALID(t));
        copyRows<BLOCK_N>(STAGE_V(t), TILE_V(t), TILE_VSTRIDE(t), TILE_VALID(t));
      }
    }
    commitCopies();
  };
  issue(0);
  issue(1);

  float o[M_TILES][DTILES][4];
  // Per row: the running maximum (in base-2 units; the output and sum are scaled by it) and sum.
  float rowMax[M_TILES][2], rowSum[M_TILES][2];
#pragma unroll
  for (int mt = 0; mt < M_TILES; ++mt) {
#pragma unroll
    for (int dt = 0; dt < DTILES; ++dt) {
#pragma unroll
      for (int e = 0; e < 4; ++e) o[mt][dt][e] = 0.f;
    }
    rowMax[mt][0] = rowMax[mt][1] = -__int_as_float(0x7f800000);
    rowSum[mt][0] = rowSum[mt][1] = 0.f;
  }

  const unsigned kLane = (((lane & 7) + (lane >> 4) * 8) * ROW + ((lane >> 3) & 1) * 8) * 2;
  const unsigned vLane = (((lane & 7) + ((lane >> 3) & 1) * 8) * ROW + (lane >> 4) * 8) * 2;
  // At the top of iteration t tiles t and t + 1 are in flight (one commit group each).
  for (int t = 0; t < tiles; ++t) {
    const bool core = TILE_CORE(t);
    const int keyBase = TILE_KEYS(t);
    // This lane's ldmatrix rows in the stage; the offsets of the unrolled loops below are constants.
    const unsigned ks = STAGE_K(t) + kLane, vs = STAGE_V(t) + vLane;
    asm volatile("cp.async.wait_group 1;" ::: "memory");
    __syncthreads();
    float sc[M_TILES][BLOCK_N / 8][4];
#pragma unroll
    for (int mt = 0; mt < M_TILES; ++mt) {
#pragma unroll
      for (int nt = 0; nt < BLOCK_N / 8; ++nt) {
#pragma unroll
        for (int e = 0; e < 4; ++e) sc[mt][nt][e] = 0.f;
      }
    }
#pragma unroll
    for (int kk = 0; kk < KSTEPS; ++kk) {
#pragma unroll
      for (int np = 0; np < BLOCK_N / 16; ++np) {
        unsigned bk[4];
        ldsm4(ks + (np * 16 * ROW + kk * 16) * 2, bk);
#pragma unroll
        for (int mt = 0; mt < M_TILES; ++mt) {
          mma(sc[mt][2 * np], qa[mt][kk], bk[0], bk[1]);
          mma(sc[mt][2 * np + 1], qa[mt][kk], bk[2], bk[3]);
        }
      }
    }
    const bool masked = core ? keyBase + BLOCK_N > warpCoreLeast : (keyBase < warpRawLatest || keyBase + BLOCK_N - 1 > warpFirstRow);
    if (masked) {  // branch-free selects: this runs on the few tiles at the edges of what rows see
#pragma unroll
      for (int mt = 0; mt < M_TILES; ++mt) {
#pragma unroll
        for (int half = 0; half < 2; ++half) {
          // Visible keys j of this row: [from, to] (core tokens: [0, rowCore - 1]).
          const int from = core ? 0 : rowStart[mt][half], to = core ? rowCore[mt][half] - 1 : rowAt[mt][half];
#pragma unroll
          for (int nt = 0; nt < BLOCK_N / 8; ++nt) {
#pragma unroll
            for (int e = 2 * half; e < 2 * half + 2; ++e) {
              const int j = keyBase + nt * 8 + 2 * tig + (e & 1);
              sc[mt][nt][e] = j >= from && j <= to ? sc[mt][nt][e] : -__int_as_float(0x7f800000);
            }
          }
        }
      }
    }
    // Online softmax: the new running maxima first, then one (usually skipped) rescale of the output,
    // then the exponentials, so those and the P V products that follow form one block the compiler
    // can interleave.
    float base[M_TILES][2], old[M_TILES][2];
    bool moved = false;
#pragma unroll
    for (int mt = 0; mt < M_TILES; ++mt) {
#pragma unroll
      for (int half = 0; half < 2; ++half) {
        float top = -__int_as_float(0x7f800000);
#pragma unroll
        for (int nt = 0; nt < BLOCK_N / 8; ++nt) top = fmaxf(top, fmaxf(sc[mt][nt][2 * half], sc[mt][nt][2 * half + 1]));
        top = fmaxf(top, __shfl_xor_sync(0xffffffffu, top, 1));
        top = fmaxf(top, __shfl_xor_sync(0xffffffffu, top, 2));
        const float next = fmaxf(rowMax[mt][half], top * a.scaleLog2);
        base[mt][half] = next == -__int_as_float(0x7f800000) ? 0.f : next;  // no key seen yet: keep zeros
        moved |= next != rowMax[mt][half];
        old[mt][half] = rowMax[mt][half];
        rowMax[mt][half] = next;
      }
    }
    // Once the running maxima settle, most tiles leave them alone: the multiply is skipped then.
    if (__any_sync(0xffffffffu, moved)) {
#pragma unroll
      for (int mt = 0; mt < M_TILES; ++mt) {
#pragma unroll
        for (int half = 0; half < 2; ++half) {
          const float rescale = exp2Fast(old[mt][half] - base[mt][half]);  // 0 while nothing was seen
          rowSum[mt][half] *= rescale;
#pragma unroll
          for (int dt = 0; dt < DTILES; ++dt) {
            o[mt][dt][2 * half] *= rescale;
            o[mt][dt][2 * half + 1] *= rescale;
          }
        }
      }
    }
    unsigned pa[M_TILES][BLOCK_N / 16][4];
#pragma unroll
    for (int mt = 0; mt < M_TILES; ++mt) {
#pragma unroll
      for (int half = 0; half < 2; ++half) {
        float sum = 0.f;
#pragma unroll
        for (int nt = 0; nt < BLOCK_N / 8; ++nt) {
#pragma unroll
          for (int e = 2 * half; e < 2 * half + 2; ++e) {
            const float p = exp2Fast(fmaf(sc[mt][nt][e], a.scaleLog2, -base[mt][half]));
            sc[mt][nt][e] = p;
            sum += p;
          }
        }
        rowSum[mt][half] += sum;
      }
#pragma unroll
      for (int kk = 0; kk < BLOCK_N / 16; ++kk) {
        pa[mt][kk][0] = pack(sc[mt][2 * kk][0], sc[mt][2 * kk][1]);
        pa[mt][kk][1] = pack(sc[mt][2 * kk][2], sc[mt][2 * kk][3]);
        pa[mt][kk][2] = pack(sc[mt][2 * kk + 1][0], sc[mt][2 * kk + 1][1]);
        pa[mt][kk][3] = pack(sc[mt][2 * kk + 1][2], sc[mt][2 * kk + 1][3]);
      }
    }
#pragma unroll
    for (int kk = 0; kk < BLOCK_N / 16; ++kk) {
#pragma unroll
      for (int dp = 0; dp < DTILES / 2; ++dp) {
        unsigned bv[4];
        ldsm4t(vs + (kk * 16 * ROW + dp * 16) * 2, bv);
#pragma unroll
        for (int mt = 0; mt < M_TILES; ++mt) {
          mma(o[mt][2 * dp], pa[mt][kk], bv[0], bv[1]);
          mma(o[mt][2 * dp + 1], pa[mt][kk], bv[2], bv[3]);
        }
      }
    }
    __syncthreads();  // every warp is done with this stage
    issue(t + 2);
  }
#undef TILE_CORE
#undef TILE_KEYS
#undef TILE_VALID
#undef TILE_K
#undef TILE_V
#undef TILE_KSTRIDE
#undef TILE_VSTRIDE
#undef STAGE_K
#undef STAGE_V

  u16* out = (u16*)a.out + b * a.oB + h * a.oH;
#pragma unroll
  for (int mt = 0; mt < M_TILES; ++mt) {
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      float sum = rowSum[mt][half];
      sum += __shfl_xor_sync(0xffffffffu, sum, 1);
      sum += __shfl_xor_sync(0xffffffffu, sum, 2);
      const int i = rowAt[mt][half];
      if (i > last) continue;
      const float inverse = 1.f / sum;
      unsigned* row = (unsigned*)(out + (long long)i * a.oL);
#pragma unroll
      for (int dt = 0; dt < DTILES; ++dt) row[dt * 4 + tig] = pack(o[mt][dt][2 * half] * inverse, o[mt][dt][2 * half + 1] * inverse);
    }
  }
}
