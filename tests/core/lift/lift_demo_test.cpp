#include "core/lift/lift_demo.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace cb {
namespace {

std::string bytesOf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The same settings make the same demo model, whatever the process did with the random generator
// before: a demo result can be reproduced.
TEST(LiftDemo, TheSameSettingsMakeTheSameModel) {
    LiftDemoConfig config;
    config.patients = 40;
    config.shape = ModelShape{32, 64, 1, 2, 2, 10000.0};
    config.context = 64;
    config.pretraining.tokenBudget = 2048;
    config.pretraining.tokensPerStep = 512;
    test::TempDir dir;
    const auto first = prepareLiftDemo(dir.file("a"), config, "cpu");
    torch::randn({1000});  // the generator moved on, as any earlier work in the process would move it
    const auto second = prepareLiftDemo(dir.file("b"), config, "cpu");
    EXPECT_FALSE(first.reused);
    EXPECT_FALSE(second.reused);
    EXPECT_EQ(bytesOf(dir.file("a/model/model.safetensors")), bytesOf(dir.file("b/model/model.safetensors")));
    EXPECT_EQ(bytesOf(first.documentPath), bytesOf(second.documentPath));
    EXPECT_EQ(first.finalLoss, second.finalLoss);
    EXPECT_EQ(bytesOf(writeLiftDemoDocument(dir.file("a"), config, 0).documentPath), bytesOf(first.documentPath));
}

// The demo on other patients: rank 0 is the demo's own document, the others are other patients'
// notes with their own questions; a rank past the held-out patients is refused by name.
TEST(LiftDemo, OtherPatientsDocumentsByRank) {
    LiftDemoConfig config;
    config.patients = 40;
    test::TempDir dir;
    const auto own = writeLiftDemoDocument(dir.path().string(), config, 0);
    const auto other = writeLiftDemoDocument(dir.path().string(), config, 1);
    EXPECT_NE(own.patient, other.patient);
    EXPECT_NE(bytesOf(own.documentPath), bytesOf(other.documentPath));
    const auto questions = bytesOf(other.questionsPath);
    EXPECT_EQ(static_cast<std::size_t>(std::count(questions.begin(), questions.end(), '\n')), config.questions);
    EXPECT_NE(bytesOf(other.documentPath).find(nlohmann::json::parse(questions.substr(0, questions.find('\n')))["evidence"].get<std::string>()),
              std::string::npos);  // a question's evidence is in its own document
    EXPECT_THROW(writeLiftDemoDocument(dir.path().string(), config, -1), std::invalid_argument);
    try {
        writeLiftDemoDocument(dir.path().string(), config, 1000);
        FAIL() << "rank 1000 was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("rank 1000"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace cb
