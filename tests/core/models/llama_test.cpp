#include "core/common/error.h"
#include "core/models/checkpoint.h"
#include "core/models/llama.h"
#include "core/tokenize/vocabulary.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace cb {
namespace {

LlamaConfig tinyConfig() {
    LlamaConfig c;
    c.vocabSize = 50;
    c.hiddenSize = 32;
    c.intermediateSize = 48;
    c.numLayers = 2;
    c.numHeads = 4;
    c.numKvHeads = 2;
    c.headDim = 8;
    c.maxPositionEmbeddings = 64;
    c.ropeScaling = Llama3RopeScaling{8.0, 1.0, 4.0, 64};
    return c;
}

}  // namespace

TEST(Llama, HasHuggingFaceParameterNamesAndShapes) {
    torch::manual_seed(0);
    LlamaForCausalLM model(tinyConfig());
    std::map<std::string, std::vector<int64_t>> shapes;
    for (const auto& item : model.named_parameters()) shapes[item.key()] = item.value().sizes().vec();
    EXPECT_EQ(shapes.at("model.embed_tokens.weight"), (std::vector<int64_t>{50, 32}));
    EXPECT_EQ(shapes.at("model.layers.1.self_attn.q_proj.weight"), (std::vector<int64_t>{32, 32}));
    EXPECT_EQ(shapes.at("model.layers.1.self_attn.k_proj.weight"), (std::vector<int64_t>{16, 32}));  // 2 KV heads x 8
    EXPECT_EQ(shapes.at("model.layers.0.mlp.gate_proj.weight"), (std::vector<int64_t>{48, 32}));
    EXPECT_EQ(shapes.at("model.layers.0.input_layernorm.weight"), (std::vector<int64_t>{32}));
    EXPECT_EQ(shapes.at("model.norm.weight"), (std::vector<int64_t>{32}));
    EXPECT_EQ(shapes.at("lm_head.weight"), (std::vector<int64_t>{50, 32}));
    EXPECT_EQ(shapes.size(), 2u * 9u + 3u);

    const auto ids = torch::randint(0, 50, {3, 10}, torch::kLong);
    const auto hidden = model.hidden(ids);
    EXPECT_EQ(hidden.sizes().vec(), (std::vector<int64_t>{3, 10, 32}));
    EXPECT_EQ(model.logits(hidden).sizes().vec(), (std::vector<int64_t>{3, 10, 50}));
}

TEST(Llama, IsCausal) {
    torch::manual_seed(1);
    LlamaForCausalLM model(tinyConfig());
    torch::NoGradGuard noGrad;
    auto ids = torch::randint(0, 50, {1, 12}, torch::kLong);
    const auto before = model.hidden(ids);
    ids.index_put_({0, 11}, (ids.index({0, 11}).item<int64_t>() + 1) % 50);
    const auto after = model.hidden(ids);
    EXPECT_TRUE(torch::allclose(before.narrow(1, 0, 11), after.narrow(1, 0, 11), 1e-6, 1e-6));
    EXPECT_FALSE(torch::allclose(before.narrow(1, 11, 1), after.narrow(1, 11, 1), 1e-6, 1e-6));
}

// The featuriser reads right-padded rows at their own last token; the reference left-pads under an
// attention mask with positions restarting at the first real token. Both must give the same vector.
TEST(Llama, LeftPaddedMaskedRowsEqualUnpaddedOnes) {
    torch::manual_seed(2);
    LlamaForCausalLM model(tinyConfig());
    torch::NoGradGuard noGrad;
    const auto a = torch::randint(7, 50, {1, 9}, torch::kLong);
    const auto b = torch::randint(7, 50, {1, 5}, torch::kLong);
    const auto alone = model.hidden(b).index({0, 4});

    auto left = torch::full({2, 9}, Vocabulary::kPad, torch::kLong);
    left.index_put_({0}, a.index({0}));
    left.index_put_({1, torch::indexing::Slice(4, 9)}, b.index({0}));
    auto mask = torch::ones({2, 9}, torch::kLong);
    mask.index_put_({1, torch::indexing::Slice(0, 4)}, 0);
    const auto positions = (mask.cumsum(1) - 1).clamp_min(0);
    const auto padded = model.hidden(left, {positions, mask});
    EXPECT_TRUE(torch::allclose(padded.index({1, 8}), alone, 1e-5, 1e-5));
    EXPECT_TRUE(torch::allclose(padded.index({0, 8}), model.hidden(a).index({0, 8}), 1e-5, 1e-5));

    auto right = torch::full({2, 9}, Vocabulary::kPad, torch::kLong);
    right.index_put_({0}, a.index({0}));
    right.index_put_({1, torch::indexing::Slice(0, 5)}, b.index({0}));
    EXPECT_TRUE(torch::allclose(model.hidden(right).index({1, 4}), alone, 1e-5, 1e-5));
}

TEST(Checkpoint, SavesAHfFolderAndLoadsTheSameModel) {
    test::TempDir dir;
    torch::manual_seed(3);
    LlamaForCausalLM model(tinyConfig());
    const Vocabulary vocab;
    saveCheckpoint(model, dir.file("m"), &vocab);
    for (const char* f : {"config.json", "model.safetensors", "tokenizer_config.json"})
        EXPECT_TRUE(std::filesystem::exists(dir.path() / "m" / f)) << f;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "m.partial"));

    const auto loaded = loadCheckpoint(dir.file("m"), torch::kCPU);
    EXPECT_EQ(loaded->architecture(), "LlamaForCausalLM");
    EXPECT_EQ(loaded->parameterCount(), model.parameterCount());
    torch::NoGradGuard noGrad;
    const auto ids = torch::randint(0, 50, {2, 7}, torch::kLong);
    EXPECT_TRUE(torch::equal(loaded->logits(loaded->hidden(ids)), model.logits(model.hidden(ids))));
}

TEST(Checkpoint, AMissingTensorIsNamed) {
    test::TempDir dir;
    LlamaForCausalLM model(tinyConfig());
    saveCheckpoint(model, dir.file("m"), nullptr);
    // Rewrite config.json with a third layer the weights do not have.
    auto config = tinyConfig();
    config.numLayers = 3;
    std::ofstream(dir.file("m/config.json")) << config.toHfJson().dump();
    try {
        loadCheckpoint(dir.file("m"), torch::kCPU);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("model.layers.2."), std::string::npos) << e.what();
    }
    EXPECT_THROW(loadCheckpoint(dir.file("nowhere"), torch::kCPU), Error);
}

TEST(LlamaConfig, ReadsHfConfigsIncludingLlama3RopeScaling) {
    const auto json = nlohmann::json::parse(R"({
        "architectures": ["LlamaForCausalLM"], "vocab_size": 39818, "hidden_size": 768,
        "intermediate_size": 2688, "num_hidden_layers": 8, "num_attention_heads": 12,
        "num_key_value_heads": 4, "head_dim": 64, "max_position_embeddings": 4096,
        "rms_norm_eps": 1e-05, "rope_theta": 500000.0, "tie_word_embeddings": false,
        "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                         "high_freq_factor": 4.0, "original_max_position_embeddings": 4096}})");
    const auto c = LlamaConfig::fromHfJson(json, "config.json");
    EXPECT_EQ(c.numKvHeads, 4);
    ASSERT_TRUE(c.ropeScaling);
    EXPECT_EQ(c.ropeScaling->originalMaxPositionEmbeddings, 4096);
    const auto back = LlamaConfig::fromHfJson(c.toHfJson(), "roundtrip");
    EXPECT_EQ(back.toHfJson(), c.toHfJson());
    auto bad = json;
    bad["num_key_value_heads"] = 5;
    EXPECT_THROW(LlamaConfig::fromHfJson(bad, "config.json"), Error);
}

}  // namespace cb
