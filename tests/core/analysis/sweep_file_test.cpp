#include "core/analysis/demo.h"
#include "core/analysis/sweep_file.h"
#include "core/common/error.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

namespace cb {
namespace {

std::string errorOf(const nlohmann::json& json) {
    try {
        SweepFile::fromJson(json, "sweep.json");
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(SweepFile, FillsWhatItLeavesOutFromTheDemoSweep) {
    const auto file = SweepFile::fromJson(
        {{"cohort", "synthetic:patients=50"},
         {"workspace", "out"},
         {"contexts", {64, 128}},
         {"attention", {"full", "cca:g=8,s=32"}},
         {"pretrain", {{"token_budget", 5000}}},
         {"distributed", {{"backend", "gloo"}, {"timeout_seconds", 30}}}},
        "sweep.json");
    EXPECT_EQ(file.cohort, "synthetic:patients=50");
    EXPECT_EQ(file.sweep.contexts, (std::vector<int>{64, 128}));
    ASSERT_EQ(file.attention.size(), 2u);
    EXPECT_EQ(file.attention[1], AttentionSpec::cca(8, 32));
    EXPECT_EQ(file.sweep.pretrain.tokenBudget, 5000);
    // A partial "pretrain" object keeps the demo's other pretraining settings.
    EXPECT_EQ(file.sweep.pretrain.learningRate, DemoSettings{}.sweepConfig().pretrain.learningRate);
    EXPECT_EQ(file.backend, "gloo");
    EXPECT_EQ(file.timeoutSeconds, 30);
    EXPECT_EQ(file.connectTimeoutSeconds, 60);
}

TEST(SweepFile, RoundTripsThroughItsFile) {
    test::TempDir dir;
    auto file = SweepFile::fromJson({{"cohort", "synthetic:patients=50"}, {"workspace", "w"}, {"architectures", {"llama", "gpt2"}},
                                     {"continue_on_error", true}},
                                    "a");
    file.write(dir.file("sweep.json"));
    const auto back = SweepFile::read(dir.file("sweep.json"));
    EXPECT_EQ(back.toJson(), file.toJson());
    EXPECT_TRUE(back.continueOnError);
    EXPECT_EQ(back.sweep.architectures, (std::vector<std::string>{"llama", "gpt2"}));
}

TEST(SweepFile, BadFilesNameTheProblem) {
    const nlohmann::json ok = {{"cohort", "synthetic"}, {"workspace", "w"}};
    EXPECT_NE(errorOf({{"workspace", "w"}}).find("'cohort'"), std::string::npos);
    EXPECT_NE(errorOf({{"cohort", "synthetic"}}).find("'workspace'"), std::string::npos);
    auto typo = ok;
    typo["context"] = {512};
    EXPECT_NE(errorOf(typo).find("unknown key 'context'"), std::string::npos);
    auto backend = ok;
    backend["distributed"] = {{"backend", "mpi"}};
    EXPECT_NE(errorOf(backend).find("'mpi'"), std::string::npos);
    auto timeout = ok;
    timeout["distributed"] = {{"timeout_seconds", 0}};
    EXPECT_NE(errorOf(timeout).find("timeout_seconds"), std::string::npos);
    auto attention = ok;
    attention["attention"] = {"cca:g=0,s=4"};
    EXPECT_NE(errorOf(attention).find("sweep.json"), std::string::npos);
    auto architecture = ok;
    architecture["architectures"] = {"bert"};
    EXPECT_NE(errorOf(architecture).find("unknown architecture 'bert'"), std::string::npos);
}

}  // namespace cb
