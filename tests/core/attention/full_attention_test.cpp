#include "core/attention/full_attention.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace cb {
namespace {

// Largest error relative to the reference's largest magnitude: gradients run larger than outputs.
double relativeError(const at::Tensor& got, const at::Tensor& ref) {
    const auto r = ref.to(torch::kCPU, torch::kDouble);
    return (got.to(torch::kCPU, torch::kDouble) - r).abs().max().item<double>() / r.abs().max().item<double>();
}

struct Pass {
    at::Tensor out, dq, dk, dv;
};

Pass forwardBackward(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& gradOut) {
    auto qq = q.detach().clone().requires_grad_(true), kk = k.detach().clone().requires_grad_(true),
         vv = v.detach().clone().requires_grad_(true);
    const auto out = fullCausalAttention(qq, kk, vv);
    out.backward(gradOut.to(out.scalar_type()));
    return {out.detach(), qq.grad(), kk.grad(), vv.grad()};
}

// Training in half precision takes its own kernel on a GPU; output and all three gradients must be
// causal attention's, as the float32 math on the CPU gives them. Without a GPU the CPU path is checked
// against the same reference.
TEST(FullAttention, TrainingPathGivesCausalAttentionAndItsGradients) {
    torch::manual_seed(11);
    const int64_t b = 2, h = 3, t = 300, d = 64;
    // q as the strided transpose a layer's projection gives.
    const auto q = torch::randn({b, t, h, d}).transpose(1, 2), k = torch::randn({b, h, t, d}), v = torch::randn({b, h, t, d});
    const auto gradOut = torch::randn({b, h, t, d});
    // The reference: the mask written out, in double precision.
    Pass ref;
    {
        auto qq = q.to(torch::kDouble).requires_grad_(true), kk = k.to(torch::kDouble).requires_grad_(true),
             vv = v.to(torch::kDouble).requires_grad_(true);
        const auto mask = torch::ones({t, t}, torch::kBool).tril();
        const auto scores = at::matmul(qq, kk.transpose(-1, -2)) / std::sqrt(static_cast<double>(d));
        const auto out = at::matmul(scores.masked_fill(mask.logical_not(), -INFINITY).softmax(-1), vv);
        out.backward(gradOut.to(torch::kDouble));
        ref = {out.detach(), qq.grad(), kk.grad(), vv.grad()};
    }
    const bool gpu = torch::cuda::is_available();
    const auto dtype = gpu ? torch::kBFloat16 : torch::kFloat;
    const auto device = gpu ? torch::kCUDA : torch::kCPU;
    const auto on = [&](const at::Tensor& x) { return x.to(device, dtype); };
    const auto got = forwardBackward(on(q), on(k), on(v), on(gradOut));
    const double tolerance = gpu ? 0.02 : 1e-5;  // bf16 keeps 8 bits of mantissa
    EXPECT_LT(relativeError(got.out, ref.out), tolerance);
    EXPECT_LT(relativeError(got.dq, ref.dq), tolerance);
    EXPECT_LT(relativeError(got.dk, ref.dk), tolerance);
    EXPECT_LT(relativeError(got.dv, ref.dv), tolerance);
    // Under no_grad the same inputs take SDPA's own choice, with the same values.
    torch::NoGradGuard noGrad;
    EXPECT_LT(relativeError(fullCausalAttention(on(q), on(k), on(v)), ref.out), tolerance);
}

}  // namespace
}  // namespace cb
