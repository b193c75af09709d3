#include "core/models/vocab_projection.h"
#include "core/runtime/autocast_scope.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace cb {
namespace {

double maxDiff(const at::Tensor& a, const at::Tensor& b) {
    return (a.to(torch::kCPU, torch::kDouble) - b.to(torch::kCPU, torch::kDouble)).abs().max().item<double>();
}

struct Product {
    at::Tensor logits, gradHidden, gradWeight;
};

// Logits and both gradients of a weighted sum of them, through projectToVocab or the plain product.
Product run(const at::Tensor& hidden, const at::Tensor& weight, bool padded) {
    const auto h = hidden.detach().clone().requires_grad_(true);
    const auto w = weight.detach().clone().requires_grad_(true);
    const auto logits = padded ? projectToVocab(h, w) : at::linear(h, w);
    const auto probe = torch::linspace(-1.0, 1.0, logits.numel(), logits.options().dtype(torch::kFloat)).view(logits.sizes());
    (logits.to(torch::kFloat) * probe).sum().backward();
    return {logits.detach(), h.grad(), w.grad()};
}

// A vocabulary of 37 (not a multiple of 8) takes the padded head on a GPU; it must give the plain
// product's logits and gradients, only through other kernels, and keep the logits V wide.
TEST(VocabProjection, AnUnalignedVocabularyGivesThePlainProductAndGradients) {
    torch::manual_seed(3);
    const auto device = torch::cuda::is_available() ? torch::kCUDA : torch::kCPU;
    const auto hidden = torch::randn({2, 5, 24}, torch::TensorOptions().device(device));
    const auto weight = torch::randn({37, 24}, torch::TensorOptions().device(device));
    const auto padded = run(hidden, weight, true), plain = run(hidden, weight, false);
    EXPECT_EQ(padded.logits.sizes(), (std::vector<int64_t>{2, 5, 37}));
    EXPECT_LT(maxDiff(padded.logits, plain.logits), 1e-4);
    EXPECT_LT(maxDiff(padded.gradHidden, plain.gradHidden), 1e-4);
    EXPECT_LT(maxDiff(padded.gradWeight, plain.gradWeight), 1e-4);
    EXPECT_EQ(padded.gradWeight.sizes(), weight.sizes());
    if (device == torch::kCUDA) {
        // Under bf16 autocast too, as LIFT trains.
        Product castPadded, castPlain;
        {
            const AutocastScope autocast(true, at::kCUDA);
            castPadded = run(hidden, weight, true);
            castPlain = run(hidden, weight, false);
        }
        EXPECT_EQ(castPadded.logits.scalar_type(), at::kBFloat16);
        EXPECT_LT(maxDiff(castPadded.logits, castPlain.logits), 0.1);
        EXPECT_LT(maxDiff(castPadded.gradWeight, castPlain.gradWeight), 0.1);
    }
}

}  // namespace
}  // namespace cb
