// Logits and last hidden states against the references that made the fixtures (HF transformers for
// GPT-2, Llama and Mamba; HyenaDNA's HF port for Hyena): tools/make_model_fixtures.py.
#include "core/io/safetensors.h"
#include "core/models/checkpoint.h"
#include "core/models/hyena.h"
#include "core/models/llama.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace cb {
namespace {

constexpr double kTolerance = 1e-4;  // fp32 on the CPU

class Reference {
public:
    explicit Reference(const std::string& folder) : file_(test::dataPath("models/" + folder + "/reference.safetensors")) {}
    at::Tensor operator[](const std::string& name) const {
        const auto* info = file_.find(name);
        if (!info) throw std::runtime_error("reference lacks " + name);
        const auto type = info->dtype == StDtype::I64 ? at::kLong : at::kFloat;
        return torch::from_blob(const_cast<std::byte*>(file_.data(*info)), info->shape, torch::TensorOptions().dtype(type)).clone();
    }

private:
    SafetensorsFile file_;
};

double maxAbsDiff(const at::Tensor& a, const at::Tensor& b) { return (a - b).abs().max().item<double>(); }

void expectParity(const std::string& folder, const std::string& suffix = "") {
    SCOPED_TRACE(folder + suffix);
    auto model = loadCheckpoint(test::dataPath("models/" + folder), c10::Device(c10::kCPU));
    const Reference ref(folder);
    torch::NoGradGuard noGrad;
    const auto hidden = model->hidden(ref["input_ids" + suffix]);
    const auto logits = model->logits(hidden);
    ASSERT_EQ(logits.sizes(), ref["logits" + suffix].sizes());
    EXPECT_LE(maxAbsDiff(hidden, ref["hidden" + suffix]), kTolerance);
    EXPECT_LE(maxAbsDiff(logits, ref["logits" + suffix]), kTolerance);
}

TEST(HfParity, Gpt2) { expectParity("gpt2"); }
TEST(HfParity, Gpt2AsReleasedWithTheHeadKeptInsteadOfTheEmbedding) { expectParity("gpt2_save_model"); }
TEST(HfParity, LlamaWithGqaAndLlama3RopeScaling) { expectParity("llama"); }
TEST(HfParity, LlamaFromShards) { expectParity("llama_sharded"); }
TEST(HfParity, Mamba) { expectParity("mamba"); }
TEST(HfParity, Hyena) { expectParity("hyena"); }
TEST(HfParity, HyenaAtItsFullFilterLength) { expectParity("hyena", "_full"); }

TEST(HfParity, LlamaRopeFrequenciesAfterLlama3Scaling) {
    auto model = loadCheckpoint(test::dataPath("models/llama"), c10::Device(c10::kCPU));
    auto* llama = dynamic_cast<LlamaForCausalLM*>(model.get());
    ASSERT_NE(llama, nullptr);
    const RotaryEmbedding rope(llama->config());
    EXPECT_LE(maxAbsDiff(rope.inverseFrequencies(), Reference("llama")["rope_inv_freq"]), 1e-7);
}

TEST(HfParity, HyenaImplicitFilter) {
    auto model = loadCheckpoint(test::dataPath("models/hyena"), c10::Device(c10::kCPU));
    auto* hyena = dynamic_cast<HyenaDNAForCausalLM*>(model.get());
    ASSERT_NE(hyena, nullptr);
    torch::NoGradGuard noGrad;
    const auto filter = hyena->hyena->backbone->layers[0]->as<HyenaBlock>()->mixer->filter_fn->filter(64);
    EXPECT_LE(maxAbsDiff(filter, Reference("hyena")["layer0_filter"]), 1e-5);
}

TEST(HfParity, ParameterCountsCountSharedTensorsOnce) {
    auto gpt2 = loadCheckpoint(test::dataPath("models/gpt2"), c10::Device(c10::kCPU));
    // Tied head: wte (72 x 32) counted once.
    std::int64_t stored = 0;
    SafetensorsFile file(test::dataPath("models/gpt2/model.safetensors"));
    for (const auto& t : file.tensors()) stored += t.numel();
    EXPECT_EQ(gpt2->parameterCount(), stored);
}

}  // namespace
}  // namespace cb
