#include "core/attention/cca_cpu.h"

#include "core/attention/cca_attention.h"
#include "core/attention/row_softmax.h"
#include "core/common/error.h"
#include "core/runtime/intraop_parallel.h"

#include <ATen/ATen.h>

#include <dlfcn.h>

#include <algorithm>
#include <memory>
#include <cmath>
#include <vector>

namespace cb {
namespace {

// The Fortran sgemm LibTorch's BLAS exports (MKL or OpenBLAS), found at run time so that a build
// against a LibTorch without one still links and falls back.
using Sgemm = void (*)(const char*, const char*, const int*, const int*, const int*, const float*, const float*,
                       const int*, const float*, const int*, const float*, float*, const int*);

Sgemm sgemm() {
    static const Sgemm fn = reinterpret_cast<Sgemm>(dlsym(RTLD_DEFAULT, "sgemm_"));
    return fn;
}

// Row-major C[rows x cols] (row stride ldc) = alpha * A[rows x depth] . B[cols x depth]^T + beta * C.
void scoresGemm(int rows, int cols, int depth, float alpha, const float* a, int lda, const float* b, int ldb, float beta,
                float* c, int ldc) {
    // Column-major view: C^T = B . A^T.
    sgemm()("T", "N", &cols, &rows, &depth, &alpha, b, &ldb, a, &lda, &beta, c, &ldc);
}

// Row-major C[rows x cols] = P[rows x depth] . V[depth x cols] + beta * C.
void valuesGemm(int rows, int cols, int depth, const float* p, int ldp, const float* v, int ldv, float beta, float* c,
                int ldc) {
    const float one = 1.f;
    sgemm()("N", "N", &cols, &rows, &depth, &one, v, &ldv, p, &ldp, &beta, c, &ldc);
}

struct Head {
    const float* q;
    const float* k;
    const float* v;
    const float* coreKeys;
    const float* coreValues;
    float* out;
};

struct Shape {
    int64_t length, dim, groups, g, s;
    float scale;
};

// One head's core tokens: group j's weights are softmax(q_last . K_group / sqrt(d)) over its g keys,
// q_last the query of its last token; the same weights pool keys and values.
void poolHead(const Head& head, const Shape& shape, float* keys, float* values) {
    const int64_t d = shape.dim, g = shape.g;
    std::vector<float> weights(static_cast<size_t>(g));
    for (int64_t j = 0; j < shape.groups; ++j) {
        const float* q = head.q + ((j + 1) * g - 1) * d;
        const float* k = head.k + j * g * d;
        const float* v = head.v + j * g * d;
        for (int64_t t = 0; t < g; ++t) {
            float dot = 0.f;
            for (int64_t c = 0; c < d; ++c) dot += q[c] * k[t * d + c];
            weights[static_cast<size_t>(t)] = dot * shape.scale;
        }
        const float top = rowMax(weights.data(), g);
        const float inverse = 1.f / expShiftedInPlace(weights.data(), g, top);
        float* pk = keys + j * d;
        float* pv = values + j * d;
        std::fill(pk, pk + d, 0.f);
        std::fill(pv, pv + d, 0.f);
        for (int64_t t = 0; t < g; ++t) {
            const float w = weights[static_cast<size_t>(t)] * inverse;
            for (int64_t c = 0; c < d; ++c) {
                pk[c] += w * k[t * d + c];
                pv[c] += w * v[t * d + c];
            }
        }
    }
}

// The tiles already occupy every thread: MKL would otherwise open a team of its own inside each call
// and oversubscribe the cores. Restores the thread's previous setting when the worker ends.
class SequentialBlas {
public:
    SequentialBlas() : set_(reinterpret_cast<int (*)(int)>(dlsym(RTLD_DEFAULT, "MKL_Set_Num_Threads_Local"))) {
        if (set_) previous_ = set_(1);
    }
    ~SequentialBlas() {
        if (set_) set_(previous_);
    }
    SequentialBlas(const SequentialBlas&) = delete;
    SequentialBlas& operator=(const SequentialBlas&) = delete;

private:
    int (*set_)(int);
    int previous_ = 0;
};

struct Scratch {
    SequentialBlas sequential;
    std::vector<float> scores, inverse;
};

void tile(const Head& head, const Shape& shape, int64_t q0, int64_t q1, Scratch& scratch) {
    const int64_t d = shape.dim;
    int64_t k0 = q1;
    for (int64_t i = q0; i < q1; ++i) k0 = std::min(k0, ccaLocalStart(i, shape.g, shape.s));
    const int64_t core = ccaVisibleGroups(q1 - 1, shape.g, shape.s, shape.groups);
    const int64_t local = q1 - k0, width = core + local, rows = q1 - q0;
    scratch.scores.resize(static_cast<size_t>(rows * width));
    scratch.inverse.resize(static_cast<size_t>(rows));
    float* scores = scratch.scores.data();
    const int dd = static_cast<int>(d), w = static_cast<int>(width), r = static_cast<int>(rows);
    if (core > 0)
        scoresGemm(r, static_cast<int>(core), dd, shape.scale, head.q + q0 * d, dd, head.coreKeys, dd, 0.f, scores, w);
    scoresGemm(r, static_cast<int>(local), dd, shape.scale, head.q + q0 * d, dd, head.k + k0 * d, dd, 0.f, scores + core, w);

    for (int64_t i = q0; i < q1; ++i) {
        float* row = scores + (i - q0) * width;
        const int64_t seen = ccaVisibleGroups(i, shape.g, shape.s, shape.groups);
        const int64_t first = core + ccaLocalStart(i, shape.g, shape.s) - k0, last = core + i - k0;  // window, inclusive
        const float top = std::max(rowMax(row, seen), rowMax(row + first, last - first + 1));
        float sum = expShiftedInPlace(row, seen, top) + expShiftedInPlace(row + first, last - first + 1, top);
        std::fill(row + seen, row + first, 0.f);
        std::fill(row + last + 1, row + width, 0.f);
        scratch.inverse[static_cast<size_t>(i - q0)] = 1.f / sum;  // > 0: every query sees itself
    }
    float* out = head.out + q0 * d;
    if (core > 0) valuesGemm(r, dd, static_cast<int>(core), scores, w, head.coreValues, dd, 0.f, out, dd);
    valuesGemm(r, dd, static_cast<int>(local), scores + core, w, head.v + k0 * d, dd, core > 0 ? 1.f : 0.f, out, dd);
    for (int64_t i = 0; i < rows; ++i) {
        const float f = scratch.inverse[static_cast<size_t>(i)];
        for (int64_t c = 0; c < d; ++c) out[i * d + c] *= f;
    }
}

}  // namespace

std::string ccaCpuUnsupported(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v) {
    if (!q.device().is_cpu()) return "not a CPU tensor";
    if (q.scalar_type() != at::kFloat) return "float32 only";
    if (q.requires_grad() || k.requires_grad() || v.requires_grad()) return "forward only";
    if (!sgemm()) return "this LibTorch exports no sgemm";
    return {};
}

at::Tensor ccaAttentionCpu(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t g, int64_t s,
                           int64_t queryTile, CcaOutput output) {
    if (const auto why = ccaCpuUnsupported(q, k, v); !why.empty()) throw Error("CCA CPU path unavailable: " + why);
    checkCcaInputs(q, k, v, g, s);
    const auto qc = q.contiguous(), kc = k.contiguous(), vc = v.contiguous();
    const int64_t batch = q.size(0), heads = q.size(1), length = q.size(2), dim = q.size(3);
    const int64_t groups = ccaGroupCount(length, g, s);
    // Over the queries: q itself when contiguous, else the contiguous copy just made of it.
    auto out = output == CcaOutput::OverQueries ? qc : at::empty({batch, heads, length, dim}, qc.options());
    auto coreKeys = at::empty({batch, heads, groups, dim}, qc.options()), coreValues = at::empty_like(coreKeys);
    const Shape shape{length, dim, groups, g, s, static_cast<float>(1.0 / std::sqrt(static_cast<double>(dim)))};
    // 64 queries: big enough for BLAS to run near its peak, small enough that the masked edges of the
    // window (about one tile wide) stay a few percent of the work.
    const int64_t rows = queryTile > 0 ? queryTile : 64;
    const int64_t tiles = (length + rows - 1) / rows;
    const auto headStride = length * dim, coreStride = shape.groups * dim;
    auto headOf = [&](int64_t bh) {
        return Head{qc.data_ptr<float>() + bh * headStride,       kc.data_ptr<float>() + bh * headStride,
                    vc.data_ptr<float>() + bh * headStride,       coreKeys.data_ptr<float>() + bh * coreStride,
                    coreValues.data_ptr<float>() + bh * coreStride, out.data_ptr<float>() + bh * headStride};
    };
    parallelItems(batch * heads, [] { return 0; }, [&](int64_t bh, int) {
        poolHead(headOf(bh), shape, coreKeys.data_ptr<float>() + bh * coreStride, coreValues.data_ptr<float>() + bh * coreStride);
    });
    parallelItems(
        batch * heads * tiles,
        [&] {
            auto scratch = std::make_unique<Scratch>();
            // Reserved once for the widest tile, so that no tile reallocates and faults in fresh pages.
            scratch->scores.reserve(static_cast<size_t>(rows * (shape.groups + rows + s + g)));
            return scratch;
        },
        [&](int64_t t, std::unique_ptr<Scratch>& scratch) {
            const int64_t bh = t / tiles, q0 = (t % tiles) * rows;
            tile(headOf(bh), shape, q0, std::min(length, q0 + rows), *scratch);
        });
    return out;
}

}  // namespace cb
