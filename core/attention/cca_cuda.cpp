#include "core/attention/cca_cuda.h"

#include "core/attention/cca_attention.h"
#include "core/common/error.h"
#include "core/runtime/nvrtc_kernel.h"

#include "cca_kernel_sources.h"

#include <ATen/ATen.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <algorithm>
#include <map>
#include <tuple>
#include <memory>
#include <mutex>
#include <utility>

namespace cb {
namespace {

// Mirrors the kernel's CcaFusedArgs field for field.
struct FusedArgs {
    void* out;
    const void* q;
    const void* k;
    const void* v;
    const void* coreK;
    const void* coreV;
    long long qB, qH, qL, kB, kH, kL, vB, vH, vL, cB, cH, cL, oB, oH, oL;
    int length, groups, g, s, kvGroup;
    float scaleLog2;
};

// Mirrors the kernel's PoolArgs.
struct PoolArgs {
    void* keys;
    void* values;
    const void* q;
    const void* k;
    const void* v;
    long long groups, dim, g, qB, qH, qL, kB, kH, kL, vB, vH, vL, outB, outH;
    float scale;
};

constexpr int64_t kMaxHeadDim = 128;
constexpr int64_t kMaxGroup = 32;  // the pool kernel holds a group's keys in one warp
constexpr unsigned kPoolWarps = 4;

// The fused kernel's tile shape, passed to NVRTC and used for the launch, so the two always agree.
struct FusedShape {
    int warps, rowTiles, blockKeys;
    int blockQueries() const { return warps * 16 * rowTiles; }
};

// Measured on an H200 at 64K tokens (tools/cca_kernel_harness.cu): for head dimension 64, four warps
// of 32 rows beat eight of 16 by 8%; wider heads take 16 rows a warp and 32-key tiles so the two
// stages of K and V stay within 48 KB of static shared memory.
FusedShape fusedShape(int64_t dim) {
    if (dim <= 64) return {4, 2, 64};
    return {4, 1, 32};
}

// Kernels compiled on first use and kept for the process, looked up by (which, head dimension,
// fp16, variant) on every forward: the options are only spelled out for a compilation.
enum class Which { Fused, Pool };
template <typename Options>
const NvrtcKernel& compiled(Which which, int64_t dim, bool half, int variant, Options options) {
    static std::mutex mutex;
    static std::map<std::tuple<Which, int64_t, bool, int>, std::unique_ptr<NvrtcKernel>> kernels;
    std::lock_guard lock(mutex);
    auto& slot = kernels[{which, dim, half, variant}];
    if (!slot)
        slot = which == Which::Fused ? std::make_unique<NvrtcKernel>(kCcaFusedSource, "contextbench_cca_fused", options())
                                     : std::make_unique<NvrtcKernel>(kCcaPoolSource, "contextbench_cca_pool", options());
    return *slot;
}

const NvrtcKernel& fusedKernel(int64_t dim, bool half) {
    return compiled(Which::Fused, dim, half, 0, [&] {
        const auto shape = fusedShape(dim);
        return std::vector<std::string>{"-DHEAD_DIM=" + std::to_string(dim), "-DHALF=" + std::to_string(half ? 1 : 0),
                                        "-DCCA_WARPS=" + std::to_string(shape.warps), "-DM_TILES=" + std::to_string(shape.rowTiles),
                                        "-DBLOCK_N=" + std::to_string(shape.blockKeys)};
    });
}

// The pool kernel's lanes per key: as many as keep the g keys within one warp and divide a row's
// 16-byte pieces, so every lane has work and each holds the fewest dimensions.
int poolSplit(int64_t g, int64_t dim) {
    int split = 1;
    while (split < dim / 8 && g * split * 2 <= 32 && (dim / 8) % (split * 2) == 0) split *= 2;
    return split;
}

// Compiled for the head dimension, dtype and split, so a lane's registers are exactly what it holds
// and every loop over dimensions or keys unrolls.
const NvrtcKernel& poolKernel(int64_t dim, bool half, int split) {
    return compiled(Which::Pool, dim, half, split, [&] {
        return std::vector<std::string>{"-DPOOL_DIM=" + std::to_string(dim), "-DSPLIT=" + std::to_string(split),
                                        "-DHALF=" + std::to_string(half ? 1 : 0)};
    });
}

std::string layoutProblem(const at::Tensor& t, const char* name) {
    const bool rows = t.stride(3) == 1 && t.stride(0) % 8 == 0 && t.stride(1) % 8 == 0 && t.stride(2) % 8 == 0;
    if (!rows || reinterpret_cast<std::uintptr_t>(t.data_ptr()) % 16 != 0)
        return std::string(name) + "'s rows must be contiguous and 16-byte aligned";
    return {};
}

void launch(const NvrtcKernel& kernel, const char* what, std::array<unsigned, 3> grid, unsigned threads, unsigned shared,
            void* args) {
    void* params[] = {args};
    if (const auto failed = kernel.launch(grid, {threads, 1, 1}, shared, params); !failed.empty())
        throw Error(std::string("CCA ") + what + " kernel: " + failed);
}

}  // namespace

std::string ccaCudaUnsupported(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s) {
    if (!q.is_cuda()) return "not a CUDA tensor";
    if (q.scalar_type() != at::kBFloat16 && q.scalar_type() != at::kHalf) return "the CUDA kernel needs bf16 or fp16";
    if (q.requires_grad() || k.requires_grad() || v.requires_grad()) return "forward only";
    if (q.dim() != 4) return "q must be [B, H, L, D]";
    const auto d = q.size(3);
    if (d % 16 != 0 || d > kMaxHeadDim) return "head dimension must be a multiple of 16, at most 128";
    if (g > kMaxGroup) return "the pooling kernel takes g up to 32";
    if (q.size(2) >= (int64_t{1} << 31)) return "sequences of 2^31 tokens or more";
    for (const auto& [t, name] : {std::pair{&q, "q"}, {&k, "k"}, {&v, "v"}})
        if (auto why = layoutProblem(*t, name); !why.empty()) return why;
    const bool half = q.scalar_type() == at::kHalf;
    if (!fusedKernel(d, half).usable()) return fusedKernel(d, half).error();
    if (const auto& pool = poolKernel(d, half, poolSplit(g, d)); !pool.usable()) return pool.error();
    return {};
}

at::Tensor ccaAttentionCuda(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s,
                            CcaOutput output) {
    checkCcaInputs(q, k, v, g, s);
    if (const auto why = ccaCudaUnsupported(q, k, v, g, s); !why.empty()) throw Error("CCA CUDA path unavailable: " + why);
    const int64_t batch = q.size(0), heads = q.size(1), length = q.size(2), dim = q.size(3);
    const bool bf16 = q.scalar_type() == at::kBFloat16;
    const double scale = 1.0 / std::sqrt(static_cast<double>(dim));
    const int64_t groups = ccaGroupCount(length, g, s);
    if (length == 0) return q.new_empty(q.sizes());
    const int64_t window = std::min(s, length);  // a window past the sequence is the whole prefix

    // At least one row, so the kernels always get valid pointers.
    const auto coreKeys = at::empty({batch, heads, std::max<int64_t>(groups, 1), dim}, q.options());
    const auto coreValues = at::empty_like(coreKeys);
    if (groups > 0) {
        PoolArgs args{coreKeys.data_ptr(), coreValues.data_ptr(), q.data_ptr(), k.data_ptr(), v.data_ptr(), groups, dim, g,
                      q.stride(0), q.stride(1), q.stride(2), k.stride(0), k.stride(1), k.stride(2), v.stride(0), v.stride(1),
                      v.stride(2), coreKeys.stride(0), coreKeys.stride(1), static_cast<float>(scale)};
        launch(poolKernel(dim, !bf16, poolSplit(g, dim)), "pool",
               {static_cast<unsigned>((groups + kPoolWarps - 1) / kPoolWarps), static_cast<unsigned>(heads), static_cast<unsigned>(batch)},
               32 * kPoolWarps, 0, &args);
    }

    // Over the queries only where each element of q is its own (no broadcast or overlapping strides).
    const bool over = output == CcaOutput::OverQueries && q.is_non_overlapping_and_dense();
    const auto out = over ? q : at::empty({batch, length, heads, dim}, q.options()).transpose(1, 2);
    const auto shape = fusedShape(dim);
    FusedArgs args{out.data_ptr(), q.data_ptr(), k.data_ptr(), v.data_ptr(), coreKeys.data_ptr(), coreValues.data_ptr(),
                   q.stride(0), q.stride(1), q.stride(2), k.stride(0), k.stride(1), k.stride(2), v.stride(0), v.stride(1),
                   v.stride(2), coreKeys.stride(0), coreKeys.stride(1), coreKeys.stride(2), out.stride(0), out.stride(1),
                   out.stride(2), static_cast<int>(length), static_cast<int>(groups), static_cast<int>(g), static_cast<int>(window),
                   1, static_cast<float>(scale / std::log(2.0))};
    const auto tiles = (length + shape.blockQueries() - 1) / shape.blockQueries();
    launch(fusedKernel(dim, !bf16), "fused", {static_cast<unsigned>(tiles), static_cast<unsigned>(heads), static_cast<unsigned>(batch)},
           static_cast<unsigned>(32 * shape.warps), 0, &args);
    return out;
}

}  // namespace cb
