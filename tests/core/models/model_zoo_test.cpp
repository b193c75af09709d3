#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/io/safetensors.h"
#include "core/models/checkpoint.h"
#include "core/models/hyena.h"
#include "core/models/model_factory.h"
#include "core/models/selective_scan.h"
#include "core/models/selective_scan_cuda.h"
#include "tests/support/error_text.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace cb {
namespace {

using test::errorOf;

TEST(SelectiveScan, ChunkedScanEqualsTheSequentialKernel) {
    torch::manual_seed(5);
    const int64_t b = 2, t = 150, channels = 6, states = 4;
    const auto u = torch::randn({b, t, channels});
    const auto delta = torch::nn::functional::softplus(torch::randn({b, t, channels}));
    const auto A = -torch::rand({channels, states}) * 3 - 0.1;
    const auto Bm = torch::randn({b, t, states}), Cm = torch::randn({b, t, states}), D = torch::randn({channels});
    const auto reference = selectiveScanCpuKernel(u, delta, A, Bm, Cm, D);
    for (int64_t chunk : {1, 7, 64, 256}) {
        const auto chunked = selectiveScanChunked(u, delta, A, Bm, Cm, D, chunk);
        EXPECT_LE((chunked - reference).abs().max().item<double>(), 2e-5) << "chunk " << chunk;
    }
}

// On a GPU the kernel must equal the CPU kernel; without one it must decline with a reason, so the
// model falls back to the chunked scan instead of failing.
TEST(SelectiveScan, CudaKernelEqualsTheCpuKernelOrDeclines) {
    torch::manual_seed(7);
    const int64_t b = 2, t = 300, channels = 40, states = 16;  // channels not a multiple of a block
    const auto u = torch::randn({b, t, channels});
    const auto delta = torch::nn::functional::softplus(torch::randn({b, t, channels}));
    const auto A = -torch::rand({channels, states}) * 3 - 0.1;
    const auto Bm = torch::randn({b, t, states}), Cm = torch::randn({b, t, states}), D = torch::randn({channels});
    std::string why;
    if (!torch::cuda::is_available()) {
        EXPECT_FALSE(selectiveScanCudaKernel(u, delta, A, Bm, Cm, D, &why).has_value());
        EXPECT_NE(why.find("CUDA"), std::string::npos) << why;
        return;
    }
    const auto reference = selectiveScanCpuKernel(u, delta, A, Bm, Cm, D);
    const auto cuda = selectiveScanCudaKernel(u.cuda(), delta.cuda(), A.cuda(), Bm.cuda(), Cm.cuda(), D.cuda(), &why);
    ASSERT_TRUE(cuda.has_value()) << why;
    EXPECT_LE((cuda->cpu() - reference).abs().max().item<double>(), 1e-4);
    // A state size the kernel's shuffles cannot reduce is declined on the GPU too.
    EXPECT_FALSE(selectiveScanCudaKernel(u.cuda(), delta.cuda(), A.narrow(1, 0, 12).cuda(), Bm.narrow(2, 0, 12).cuda(),
                                         Cm.narrow(2, 0, 12).cuda(), D.cuda(), &why).has_value());
}

TEST(SelectiveScan, GradientsFlowThroughTheChunkedScan) {
    torch::manual_seed(6);
    const auto u = torch::randn({1, 40, 3}, torch::requires_grad());
    const auto delta = torch::rand({1, 40, 3}).requires_grad_();
    const auto A = (-torch::rand({3, 2}) - 0.1).requires_grad_();
    const auto Bm = torch::randn({1, 40, 2}), Cm = torch::randn({1, 40, 2}), D = torch::randn({3});
    selectiveScan(u, delta, A, Bm, Cm, D).sum().backward();
    ASSERT_TRUE(A.grad().defined());
    EXPECT_TRUE(torch::isfinite(A.grad()).all().item<bool>());
    EXPECT_GT(u.grad().abs().sum().item<double>(), 0.0);
}

// Every architecture built from a config saves as a HF folder and loads back to the same logits.
TEST(ModelZoo, EveryArchitectureRoundTripsThroughAHfFolder) {
    test::TempDir dir;
    for (const char* arch : {"gpt2", "llama", "mamba", "hyena"}) {
        SCOPED_TRACE(arch);
        const auto config = readJsonFile(test::dataPath(std::string("models/") + arch + "/config.json"), "config");
        torch::manual_seed(9);
        auto model = createModel(config, arch);
        saveCheckpoint(*model, dir.file(arch), nullptr);
        auto loaded = loadCheckpoint(dir.file(arch), torch::kCPU);
        EXPECT_EQ(loaded->architecture(), model->architecture());
        EXPECT_EQ(loaded->parameterCount(), model->parameterCount());
        torch::NoGradGuard noGrad;
        model->module().eval();
        const auto ids = torch::randint(7, 60, {2, 20}, torch::kLong);
        EXPECT_TRUE(torch::allclose(loaded->logits(loaded->hidden(ids)), model->logits(model->hidden(ids)), 1e-6, 1e-6));
    }
}

TEST(ModelZoo, HyenaFilterCacheFollowsWeightChanges) {
    auto model = loadCheckpoint(test::dataPath("models/hyena"), torch::kCPU);
    auto& filter = *dynamic_cast<HyenaDNAForCausalLM&>(*model).hyena->backbone->layers[0]->as<HyenaBlock>()->mixer->filter_fn;
    at::Tensor before;
    {
        torch::NoGradGuard noGrad;
        before = filter.filter(40).clone();
        EXPECT_TRUE(torch::equal(filter.filter(40), before));  // served from the cache
        filter.modulation->deltas.mul_(2.0);                   // an in-place write bumps the version
    }
    torch::NoGradGuard noGrad;
    const auto after = filter.filter(40);
    EXPECT_FALSE(torch::allclose(after, before));
    at::Tensor fresh;
    {
        torch::AutoGradMode grad(true);
        fresh = filter.filter(40).detach();  // computed, never cached, with gradients on
    }
    EXPECT_TRUE(torch::allclose(after, fresh, 1e-6, 1e-6));
}

TEST(ModelZoo, GptRefusesInputsBeyondItsPositions) {
    auto model = loadCheckpoint(test::dataPath("models/gpt2"), torch::kCPU);
    EXPECT_EQ(model->maxContext(), 64);
    const auto message = errorOf([&] { model->hidden(torch::zeros({1, 65}, torch::kLong)); });
    EXPECT_NE(message.find("at most n_positions = 64"), std::string::npos) << message;
    auto hyena = loadCheckpoint(test::dataPath("models/hyena"), torch::kCPU);
    EXPECT_NE(errorOf([&] { hyena->hidden(torch::zeros({1, 65}, torch::kLong)); }).find("max_seq_len = 64"), std::string::npos);
}

class BadCheckpoint : public ::testing::Test {
protected:
    void SetUp() override {
        fs::copy(test::dataPath("models/gpt2"), dir.file("m"), fs::copy_options::recursive);
        fs::remove(dir.file("m/reference.safetensors"));
    }
    std::string loadError() { return errorOf([&] { loadCheckpoint(dir.file("m"), torch::kCPU); }); }
    // Rewrites model.safetensors with `edit` applied to its tensors.
    void rewrite(const std::function<void(std::vector<StTensorView>&, std::vector<std::vector<char>>&)>& edit) {
        SafetensorsFile file(dir.file("m/model.safetensors"));
        std::vector<StTensorView> views;
        std::vector<std::vector<char>> data;
        for (const auto& t : file.tensors()) {
            const auto* bytes = reinterpret_cast<const char*>(file.data(t));
            data.emplace_back(bytes, bytes + (t.end - t.begin));
        }
        for (std::size_t i = 0; i < file.tensors().size(); ++i) {
            const auto& t = file.tensors()[i];
            views.push_back({t.name, t.dtype, t.shape, data[i].data()});
        }
        edit(views, data);
        const auto path = dir.file("m/model.safetensors");
        fs::remove(path);
        writeSafetensors(path, views, {{"format", "pt"}});
    }
    test::TempDir dir;
};

TEST_F(BadCheckpoint, OnlyAPickleIsRefusedWithAdvice) {
    fs::remove(dir.file("m/model.safetensors"));
    std::ofstream(dir.file("m/pytorch_model.bin")) << "PK\x03\x04 not loaded";
    const auto message = loadError();
    EXPECT_NE(message.find("never loads pickles"), std::string::npos) << message;
    EXPECT_NE(message.find("safe_serialization=True"), std::string::npos) << message;
}

TEST_F(BadCheckpoint, TruncatedOrCorruptFilesNameTheFile) {
    const auto path = dir.file("m/model.safetensors");
    fs::resize_file(path, fs::file_size(path) - 100);
    EXPECT_NE(loadError().find("outside the"), std::string::npos) << loadError();
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        const std::uint64_t huge = 1ull << 40;
        out.write(reinterpret_cast<const char*>(&huge), 8);
        out << "{}";
    }
    EXPECT_NE(loadError().find("header length"), std::string::npos) << loadError();
}

TEST_F(BadCheckpoint, OverlappingTensorsAreRefused) {
    const auto path = dir.file("m/model.safetensors");
    const std::string header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    const std::uint64_t n = header.size();
    out.write(reinterpret_cast<const char*>(&n), 8);
    out << header << std::string(12, '\0');
    out.close();
    EXPECT_NE(loadError().find("overlap"), std::string::npos) << loadError();
}

TEST_F(BadCheckpoint, WrongShapeDtypeMissingAndUnexpectedTensorsAreNamed) {
    rewrite([](auto& views, auto&) {
        for (auto& v : views)
            if (v.name == "transformer.ln_f.bias") v.shape = {4, 8};  // 32 floats, other shape
    });
    EXPECT_NE(loadError().find("'transformer.ln_f.bias' has shape [4, 8]"), std::string::npos) << loadError();
    fs::copy_file(test::dataPath("models/gpt2/model.safetensors"), dir.file("m/model.safetensors"), fs::copy_options::overwrite_existing);

    rewrite([](auto& views, auto&) {
        for (auto& v : views)
            if (v.name == "transformer.ln_f.bias") v.dtype = StDtype::I32;  // same byte count
    });
    EXPECT_NE(loadError().find("'transformer.ln_f.bias' is stored as I32"), std::string::npos) << loadError();
    fs::copy_file(test::dataPath("models/gpt2/model.safetensors"), dir.file("m/model.safetensors"), fs::copy_options::overwrite_existing);

    rewrite([](auto& views, auto&) { std::erase_if(views, [](const auto& v) { return v.name == "transformer.h.1.mlp.c_fc.bias"; }); });
    EXPECT_NE(loadError().find("'transformer.h.1.mlp.c_fc.bias' is missing"), std::string::npos) << loadError();
    fs::copy_file(test::dataPath("models/gpt2/model.safetensors"), dir.file("m/model.safetensors"), fs::copy_options::overwrite_existing);

    rewrite([](auto& views, auto&) {
        auto extra = views.front();
        extra.name = "transformer.h.9.attn.bias";
        views.push_back(extra);
    });
    EXPECT_NE(loadError().find("unexpected tensor 'transformer.h.9.attn.bias'"), std::string::npos) << loadError();
}

TEST_F(BadCheckpoint, UnknownArchitectureAndMissingShardAreNamed) {
    std::ofstream(dir.file("m/config.json")) << R"({"architectures": ["BertForMaskedLM"], "vocab_size": 10})";
    EXPECT_NE(loadError().find("unsupported architecture 'BertForMaskedLM'"), std::string::npos) << loadError();

    fs::copy(test::dataPath("models/llama_sharded"), dir.file("s"), fs::copy_options::recursive);
    fs::remove(dir.file("s/model-00002-of-00003.safetensors"));
    const auto message = errorOf([&] { loadCheckpoint(dir.file("s"), torch::kCPU); });
    EXPECT_NE(message.find("model-00002-of-00003.safetensors is missing"), std::string::npos) << message;
}

}  // namespace
}  // namespace cb
