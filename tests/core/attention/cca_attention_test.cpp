#include "core/attention/cca_attention.h"
#include "core/attention/cca_cpu.h"
#include "core/attention/cca_decode_cache.h"
#include "core/attention/cca_cuda.h"
#include "core/io/safetensors.h"
#include "tests/support/test_paths.h"
#include "core/attention/full_attention.h"
#include "core/common/error.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <utility>

namespace cb {
namespace {

struct Qkv {
    at::Tensor q, k, v;
};

Qkv random(int64_t b, int64_t h, int64_t l, int64_t d, uint64_t seed, bool grad = false) {
    torch::manual_seed(seed);
    auto options = torch::TensorOptions().dtype(torch::kFloat).requires_grad(grad);
    return {torch::randn({b, h, l, d}, options), torch::randn({b, h, l, d}, options), torch::randn({b, h, l, d}, options)};
}

// The algorithm written out one query at a time with scalar loops: the independent statement of
// the masks the tensor versions must agree with.
at::Tensor naiveCca(const Qkv& x, int64_t g, int64_t s) {
    const auto q = x.q.detach().to(torch::kDouble), k = x.k.detach().to(torch::kDouble), v = x.v.detach().to(torch::kDouble);
    const int64_t B = q.size(0), H = q.size(1), L = q.size(2), D = q.size(3);
    const int64_t m = L > s ? (L - s) / g : 0;
    auto out = torch::zeros_like(q);
    const double scale = 1.0 / std::sqrt(static_cast<double>(D));
    for (int64_t b = 0; b < B; ++b)
        for (int64_t h = 0; h < H; ++h) {
            std::vector<at::Tensor> pk, pv;
            for (int64_t j = 0; j < m; ++j) {
                const auto kg = k[b][h].narrow(0, j * g, g), vg = v[b][h].narrow(0, j * g, g);
                const auto w = torch::softmax(torch::mv(kg, q[b][h][(j + 1) * g - 1]) * scale, 0);
                pk.push_back(torch::mv(kg.t(), w));
                pv.push_back(torch::mv(vg.t(), w));
            }
            for (int64_t i = 0; i < L; ++i) {
                std::vector<at::Tensor> keys, values;
                for (int64_t j = 0; j < m; ++j)
                    if ((j + 1) * g - 1 <= i - s) {
                        keys.push_back(pk[j]);
                        values.push_back(pv[j]);
                    }
                for (int64_t p = std::max<int64_t>(0, i - s - ((i + 1) % g) + 1); p <= i; ++p) {
                    keys.push_back(k[b][h][p]);
                    values.push_back(v[b][h][p]);
                }
                const auto K = torch::stack(keys), V = torch::stack(values);
                out[b][h][i] = torch::mv(V.t(), torch::softmax(torch::mv(K, q[b][h][i]) * scale, 0));
            }
        }
    return out.to(torch::kFloat);
}

double maxDiff(const at::Tensor& a, const at::Tensor& b) { return (a - b).abs().max().item<double>(); }

}  // namespace

TEST(CcaAttention, ReferenceMatchesTheAlgorithmStatedPerQuery) {
    struct Case { int64_t b, h, l, d, g, s; };
    for (const auto c : {Case{1, 2, 37, 8, 4, 8}, Case{2, 3, 50, 16, 5, 12}, Case{1, 1, 20, 8, 1, 0},
                         Case{1, 2, 30, 8, 4, 0}, Case{1, 1, 12, 8, 4, 16}, Case{2, 1, 33, 4, 3, 7}}) {
        const auto x = random(c.b, c.h, c.l, c.d, 7 + c.l);
        EXPECT_LT(maxDiff(ccaAttentionReference(x.q, x.k, x.v, c.g, c.s), naiveCca(x, c.g, c.s)), 1e-5)
            << "L=" << c.l << " g=" << c.g << " s=" << c.s;
    }
}

TEST(CcaAttention, BlockedEqualsReferenceIncludingRaggedShapes) {
    struct Case { int64_t b, h, l, d, g, s, block; };
    for (const auto c : {Case{2, 4, 301, 16, 16, 64, 64}, Case{1, 3, 257, 32, 7, 40, 50}, Case{1, 2, 90, 8, 16, 128, 32},
                         Case{1, 2, 77, 8, 1, 0, 16}, Case{3, 2, 129, 8, 5, 0, 40}, Case{1, 1, 200, 8, 4, 20, 0}}) {
        const auto x = random(c.b, c.h, c.l, c.d, 11 + c.l);
        EXPECT_LT(maxDiff(ccaAttentionBlocked(x.q, x.k, x.v, c.g, c.s, c.block), ccaAttentionReference(x.q, x.k, x.v, c.g, c.s)), 1e-5)
            << "L=" << c.l << " g=" << c.g << " s=" << c.s << " block=" << c.block;
    }
}

TEST(CcaAttention, CpuKernelEqualsReferenceIncludingRaggedShapes) {
    struct Case { int64_t b, h, l, d, g, s, tile; };
    for (const auto c : {Case{1, 2, 203, 16, 16, 32, 0}, Case{2, 3, 150, 8, 4, 20, 7}, Case{1, 1, 40, 8, 16, 64, 0},
                         Case{1, 2, 77, 8, 5, 0, 16}, Case{1, 2, 60, 8, 1, 6, 9}, Case{2, 1, 129, 12, 8, 24, 128},
                         Case{1, 1, 1, 4, 4, 2, 0}}) {
        const auto x = random(c.b, c.h, c.l, c.d, static_cast<uint64_t>(c.l + c.g));
        ASSERT_TRUE(ccaCpuUnsupported(x.q, x.k, x.v).empty());
        EXPECT_LT(maxDiff(ccaAttentionCpu(x.q, x.k, x.v, c.g, c.s, c.tile), ccaAttentionReference(x.q, x.k, x.v, c.g, c.s)), 1e-5)
            << "L=" << c.l << " g=" << c.g << " s=" << c.s << " tile=" << c.tile;
    }
    // Strided inputs (a transposed projection, as a layer hands them over) give the same result.
    const auto x = random(1, 6, 48, 8, 9);
    const auto strided = [](const at::Tensor& t) { return t.transpose(1, 2).contiguous().transpose(1, 2); };
    EXPECT_LT(maxDiff(ccaAttentionCpu(strided(x.q), strided(x.k), strided(x.v), 4, 8), ccaAttentionReference(x.q, x.k, x.v, 4, 8)), 1e-5);
    const auto grad = random(1, 1, 8, 4, 1, true);
    EXPECT_FALSE(ccaCpuUnsupported(grad.q, grad.k, grad.v).empty());
    EXPECT_FALSE(ccaCpuUnsupported(x.q.to(torch::kDouble), x.k, x.v).empty());
}

// A layer's forward hands over queries that die with the call: the fast path writes its result over
// them (no output of its own), with the same values; with gradients q is left alone.
TEST(CcaAttention, OverQueriesWritesTheResultIntoTheQueriesOnlyWithoutGradients) {
    for (const auto c : {std::pair<int64_t, int64_t>{16, 32}, {5, 0}, {4, 200}}) {
        const auto x = random(2, 3, 150, 16, static_cast<uint64_t>(c.first + c.second));
        const auto expected = ccaAttentionReference(x.q, x.k, x.v, c.first, c.second);
        auto queries = x.q.clone();
        const void* storage = queries.data_ptr();
        const auto out = ccaAttentionOverQueries(queries, x.k, x.v, c.first, c.second);
        EXPECT_EQ(out.data_ptr(), storage);
        EXPECT_LT(maxDiff(out, expected), 1e-5) << "g=" << c.first << " s=" << c.second;
    }
    // Queries that are also the keys are not overwritten: other tiles still read them.
    const auto shared = random(1, 2, 300, 16, 4);
    const auto before = shared.q.clone();
    const auto selfKeyed = ccaAttentionOverQueries(shared.q, shared.q, shared.v, 4, 64);
    EXPECT_EQ(maxDiff(shared.q, before), 0.0);
    EXPECT_LT(maxDiff(selfKeyed, ccaAttentionReference(before, before, shared.v, 4, 64)), 1e-5);
    const auto trained = random(1, 2, 40, 8, 3, true);
    const auto untouched = trained.q.detach().clone();
    const auto out = ccaAttentionOverQueries(trained.q, trained.k, trained.v, 4, 8);
    EXPECT_NE(out.data_ptr(), trained.q.data_ptr());
    EXPECT_EQ(maxDiff(trained.q.detach(), untouched), 0.0);
    EXPECT_LT(maxDiff(out.detach(), ccaAttentionReference(untouched, trained.k.detach(), trained.v.detach(), 4, 8)), 1e-5);
}

TEST(CcaAttention, EqualsFullCausalAttentionWhenTheWindowCoversTheSequence) {
    const auto x = random(2, 3, 40, 16, 5);
    const auto full = fullCausalAttention(x.q, x.k, x.v);
    EXPECT_LT(maxDiff(ccaAttention(x.q, x.k, x.v, 16, 40), full), 1e-5);
    EXPECT_LT(maxDiff(ccaAttention(x.q, x.k, x.v, 16, 1024), full), 1e-5);
    // s = 0, g = 1: every token is its own core token, which is full attention again.
    EXPECT_LT(maxDiff(ccaAttention(x.q, x.k, x.v, 1, 0), full), 1e-5);
}

TEST(CcaAttention, GradientsOfTheBlockedPathMatchTheReference) {
    auto a = random(1, 2, 70, 8, 3, true);
    auto b = Qkv{a.q.detach().clone().requires_grad_(), a.k.detach().clone().requires_grad_(), a.v.detach().clone().requires_grad_()};
    const auto weights = torch::randn({1, 2, 70, 8});
    (ccaAttentionBlocked(a.q, a.k, a.v, 4, 16, 24) * weights).sum().backward();
    (ccaAttentionReference(b.q, b.k, b.v, 4, 16) * weights).sum().backward();
    EXPECT_LT(maxDiff(a.q.grad(), b.q.grad()), 1e-5);
    EXPECT_LT(maxDiff(a.k.grad(), b.k.grad()), 1e-5);
    EXPECT_LT(maxDiff(a.v.grad(), b.v.grad()), 1e-5);
}

TEST(CcaAttention, DecodingWithTheCacheEqualsARecomputeAtEveryStep) {
    for (const auto [g, s] : {std::pair<int64_t, int64_t>{4, 8}, {3, 0}, {1, 5}, {5, 30}}) {
        const auto x = random(2, 2, 60, 8, 21 + g);
        CcaDecodeCache cache(g, s);
        for (int64_t t = 0; t < 60; ++t) {
            const auto step = cache.step(x.q.narrow(2, t, 1), x.k.narrow(2, t, 1), x.v.narrow(2, t, 1));
            const auto full = ccaAttentionReference(x.q.narrow(2, 0, t + 1), x.k.narrow(2, 0, t + 1), x.v.narrow(2, 0, t + 1), g, s);
            ASSERT_LT(maxDiff(step, full.narrow(2, t, 1)), 1e-5) << "g=" << g << " s=" << s << " t=" << t;
            EXPECT_LE(cache.recentTokens(), s + g);
        }
        EXPECT_EQ(cache.pooledGroups(), ccaGroupCount(60, g, s));
    }
}

// The official implementation (its pooling and Triton kernel, bf16 on an H100) on the same inputs:
// tools/cca_official_reference.py wrote the fixture. Dense fp32 evaluation of the algorithm from
// the same bf16 inputs must agree within bf16 rounding of the official output.
TEST(CcaAttention, MatchesTheOfficialImplementation) {
    const SafetensorsFile file(test::dataPath("cca/cca_official.safetensors"));
    auto tensor = [&](const std::string& name) {
        const auto* info = file.find(name);
        if (!info) throw Error("fixture lacks " + name);
        return torch::from_blob(const_cast<std::byte*>(file.data(*info)), info->shape, torch::kBFloat16).to(torch::kFloat);
    };
    int cases = 0;
    for (const auto& [tag, g, s] : {std::tuple<std::string, int, int>{"L1500_g16_s256", 16, 256},
                                    {"L2100_g16_s1024", 16, 1024},
                                    {"L700_g8_s128", 8, 128}}) {
        const auto q = tensor("q_" + tag), k = tensor("k_" + tag), v = tensor("v_" + tag);
        const auto official = tensor("out_" + tag);
        const auto ours = ccaAttentionBlocked(q, k, v, g, s);
        EXPECT_LT(maxDiff(ours, official), 0.02) << tag;
        // And the masks really matter here: full causal attention is far from it.
        EXPECT_GT(maxDiff(fullCausalAttention(q, k, v), official), 0.1) << tag;
        ++cases;
    }
    EXPECT_EQ(cases, 3);
}

// The fused CUDA path exists on CUDA in bf16/fp16; elsewhere it says why not and callers fall back.
TEST(CcaAttention, CudaPathEqualsTheReferenceOrDeclines) {
    if (!torch::cuda::is_available()) {
        const auto x = random(1, 2, 64, 16, 1);
        EXPECT_FALSE(ccaCudaUnsupported(x.q, x.k, x.v, 16, 32).empty());
        EXPECT_THROW(ccaAttentionCuda(x.q, x.k, x.v, 16, 32), Error);
        EXPECT_LT(maxDiff(ccaAttention(x.q, x.k, x.v, 4, 16), ccaAttentionReference(x.q, x.k, x.v, 4, 16)), 1e-5);
        return;
    }
    // Ragged lengths, batch > 1, no complete core group, exactly one group, a window the sequence fits
    // in, s not a multiple of g, g = 1, s = 0, one token, fp16, other head sizes, and q/k/v as the
    // strided transposes a layer's projections give.
    struct Case { int64_t b, h, l, g, s, d; torch::ScalarType dtype; bool strided; };
    int checked = 0;
    for (const auto c : {Case{1, 4, 700, 8, 128, 64, torch::kBFloat16, false}, Case{2, 3, 1500, 16, 256, 64, torch::kBFloat16, false},
                         Case{1, 2, 2100, 16, 1024, 64, torch::kBFloat16, false}, Case{1, 2, 900, 16, 1024, 64, torch::kBFloat16, false},
                         Case{1, 1, 4133, 16, 512, 64, torch::kBFloat16, false}, Case{1, 2, 1030, 16, 1024, 64, torch::kBFloat16, false},
                         Case{1, 2, 1047, 16, 1024, 64, torch::kBFloat16, false}, Case{2, 2, 1300, 4, 200, 128, torch::kHalf, false},
                         Case{1, 3, 999, 8, 64, 32, torch::kBFloat16, true}, Case{2, 4, 777, 16, 128, 64, torch::kHalf, true},
                         Case{1, 2, 777, 5, 100, 64, torch::kBFloat16, false}, Case{1, 2, 513, 1, 0, 64, torch::kBFloat16, false},
                         Case{1, 2, 700, 16, 0, 96, torch::kBFloat16, false}, Case{1, 2, 1, 16, 1024, 16, torch::kBFloat16, false},
                         Case{1, 2, 1200, 32, 300, 128, torch::kBFloat16, true},
                         // Head sizes that are not a multiple of 32: the pool kernel sums keys and values in one list.
                         Case{1, 2, 1100, 16, 128, 48, torch::kBFloat16, false}, Case{1, 3, 900, 3, 64, 80, torch::kHalf, false},
                         Case{1, 2, 1000, 7, 100, 112, torch::kBFloat16, true}, Case{1, 2, 1500, 16, 256, 16, torch::kBFloat16, false}}) {
        torch::manual_seed(c.l);
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(c.dtype);
        auto make = [&] {
            if (!c.strided) return torch::randn({c.b, c.h, c.l, c.d}, options);
            return torch::randn({c.b, c.l, c.h, c.d}, options).transpose(1, 2);
        };
        const auto q = make(), k = make(), v = make();
        ASSERT_TRUE(ccaCudaUnsupported(q, k, v, c.g, c.s).empty()) << ccaCudaUnsupported(q, k, v, c.g, c.s);
        const auto fast = ccaAttentionCuda(q, k, v, c.g, c.s).to(torch::kFloat);
        const auto exact = ccaAttentionReference(q.to(torch::kFloat), k.to(torch::kFloat), v.to(torch::kFloat), c.g, c.s);
        const double tolerance = c.dtype == torch::kHalf ? 0.005 : 0.02;
        EXPECT_LT(maxDiff(fast, exact), tolerance) << "L=" << c.l << " g=" << c.g << " s=" << c.s << " d=" << c.d;
        // Written over a copy of the queries (in their own layout, strided or not), the same result.
        auto queries = q.clone();
        const auto over = ccaAttentionCuda(queries, k, v, c.g, c.s, CcaOutput::OverQueries);
        EXPECT_EQ(over.data_ptr(), queries.data_ptr());
        EXPECT_LT(maxDiff(over.to(torch::kFloat), exact), tolerance) << "over the queries, L=" << c.l << " d=" << c.d;
        ++checked;
    }
    EXPECT_EQ(checked, 19);
    const auto x = random(1, 1, 64, 16, 2);
    EXPECT_FALSE(ccaCudaUnsupported(x.q, x.k, x.v, 16, 32).empty());  // fp32 on the CPU
}

// Which path runs is reported, and a fast path that declines says why (the result stays exact).
TEST(CcaAttention, ReportsItsPathAndWhyAFastPathDeclined) {
    const auto x = random(1, 2, 40, 8, 3);
    const auto cpu = ccaPathFor(x.q, x.k, x.v, 4, 8);
    EXPECT_EQ(cpu.name, "cpu-tiled");
    EXPECT_TRUE(cpu.notice.empty());
    const auto q = x.q.to(torch::kDouble), k = x.k.to(torch::kDouble), v = x.v.to(torch::kDouble);
    const auto wide = ccaPathFor(q, k, v, 4, 8);
    EXPECT_EQ(wide.name, "blocked");
    EXPECT_NE(wide.notice.find("float32 only"), std::string::npos) << wide.notice;
    EXPECT_LT(maxDiff(ccaAttention(q, k, v, 4, 8).to(torch::kFloat), ccaAttentionReference(x.q, x.k, x.v, 4, 8)), 1e-5);
    const auto grad = random(1, 1, 8, 4, 1, true);
    const auto training = ccaPathFor(grad.q, grad.k, grad.v, 4, 4);
    EXPECT_EQ(training.name, "blocked");
    EXPECT_TRUE(training.notice.empty());  // the blocked path is the differentiable one: nothing declined
    if (torch::cuda::is_available()) {
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(torch::kBFloat16);
        const auto a = torch::randn({1, 2, 300, 64}, options);
        EXPECT_EQ(ccaPathFor(a, a, a, 16, 64).name, "cuda-fused");
        const auto odd = torch::randn({1, 2, 300, 20}, options);  // head dim 20: not a multiple of 16
        const auto declined = ccaPathFor(odd, odd, odd, 16, 64);
        EXPECT_EQ(declined.name, "blocked");
        EXPECT_NE(declined.notice.find("head dimension"), std::string::npos) << declined.notice;
    }
}

TEST(CcaAttention, BadSettingsAreRefused) {
    const auto x = random(1, 1, 8, 4, 1);
    EXPECT_THROW(ccaAttention(x.q, x.k, x.v, 0, 4), Error);
    EXPECT_THROW(ccaAttention(x.q, x.k, x.v, 4, -1), Error);
    EXPECT_THROW(CcaDecodeCache(0, 4), Error);
}

}  // namespace cb
