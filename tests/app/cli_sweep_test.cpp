#include "tests/support/child_process.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace cb::cli {
namespace {

FILE* startCli(const std::string& environment, const std::string& arguments, bool stdoutOnly) {
    return test::startProcess("env " + environment + " " + CONTEXTBENCH_CLI_PATH + " " + arguments + (stdoutOnly ? " 2>/dev/null" : " 2>&1"));
}

test::ProcessOutcome finish(FILE* pipe) { return test::finishProcess(pipe); }

int freePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

std::string rankEnvironment(int rank, int size, int port) {
    return "OMP_NUM_THREADS=1 RANK=" + std::to_string(rank) + " WORLD_SIZE=" + std::to_string(size) +
           " LOCAL_RANK=" + std::to_string(rank) + " MASTER_ADDR=127.0.0.1 MASTER_PORT=" + std::to_string(port);
}

// A sweep small enough for a test: two context lengths, tiny models, few bootstrap replicates.
nlohmann::json tinySweep(const std::string& workspace) {
    return {{"cohort", "synthetic:patients=160,seed=11"},
            {"workspace", workspace},
            {"contexts", {32, 64}},
            {"tasks", {"new_hypertension", "new_hyperlipidemia", "lab_anemia", "guo_los"}},
            {"model_shape", {{"hidden_size", 32}, {"intermediate_size", 64}, {"num_layers", 1}, {"num_heads", 2}, {"num_kv_heads", 1}}},
            {"pretrain", {{"token_budget", 24000}, {"tokens_per_step", 2048}}},
            {"probe", {{"bootstrap_replicates", 40}}},
            {"device", "cpu"},
            {"distributed", {{"backend", "gloo"}, {"timeout_seconds", 120}, {"connect_timeout_seconds", 30}}}};
}

std::string writeSweep(const test::TempDir& dir, const std::string& name, const nlohmann::json& sweep) {
    const auto path = dir.file(name);
    std::ofstream(path) << sweep.dump(2);
    return path;
}

nlohmann::json lastJsonLine(const std::string& output) {
    const auto start = output.rfind("\n{");
    return nlohmann::json::parse(start == std::string::npos ? output : output.substr(start + 1));
}

// Starts ranks 1..size-1 in the background, rank 0 in the foreground; rank 0's stdout comes back.
test::ProcessOutcome launchSweep(int size, const std::string& config) {
    const int port = freePort();
    std::vector<FILE*> others;
    for (int r = 1; r < size; ++r) others.push_back(startCli(rankEnvironment(r, size, port), "sweep --config " + config + " --json", false));
    auto root = finish(startCli(rankEnvironment(0, size, port), "sweep --config " + config + " --json", true));
    for (auto* other : others) {
        const auto out = finish(other);
        EXPECT_EQ(out.exitCode, 0) << out.output;
        EXPECT_EQ(out.output.find("\"points\""), std::string::npos) << "only rank 0 reports";
    }
    return root;
}

void expectSamePoints(const nlohmann::json& a, const nlohmann::json& b) {
    ASSERT_EQ(a["points"].size(), 2u);
    ASSERT_EQ(b["points"].size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(a["points"][i]["context"], b["points"][i]["context"]);
        EXPECT_FALSE(b["points"][i]["cached"].get<bool>());
        // Same training steps and features up to the order of floating-point sums.
        EXPECT_NEAR(a["points"][i]["mean_auroc"].get<double>(), b["points"][i]["mean_auroc"].get<double>(), 2e-3);
        EXPECT_NEAR(a["points"][i]["ci_low"].get<double>(), b["points"][i]["ci_low"].get<double>(), 2e-3);
    }
}

}  // namespace

TEST(CliSweep, TwoAndFourGlooProcessesGiveTheSingleProcessResults) {
    test::TempDir dir;
    const auto single = writeSweep(dir, "single.json", tinySweep(dir.file("single")));
    const auto alone = finish(startCli("OMP_NUM_THREADS=2", "sweep --config " + single + " --json", true));
    ASSERT_EQ(alone.exitCode, 0) << alone.output;
    const auto a = lastJsonLine(alone.output);
    EXPECT_EQ(a["ranks"], 1);

    for (const int size : {2, 4}) {
        const auto config = writeSweep(dir, std::to_string(size) + ".json", tinySweep(dir.file("ranks" + std::to_string(size))));
        const auto launched = launchSweep(size, config);
        ASSERT_EQ(launched.exitCode, 0) << launched.output;
        const auto b = lastJsonLine(launched.output);
        EXPECT_EQ(b["ranks"], size);
        EXPECT_EQ(b["backend"], "gloo");
        expectSamePoints(a, b);
        for (const auto& p : b["points"]) EXPECT_EQ(p["timing"]["ranks"], size);
    }

    // A rerun of a launch finds every point in rank 0's database and computes nothing.
    const auto rerun = launchSweep(2, dir.file("2.json"));
    ASSERT_EQ(rerun.exitCode, 0) << rerun.output;
    EXPECT_TRUE(lastJsonLine(rerun.output)["cached"].get<bool>());
}

TEST(CliSweep, ARankThatDiesStopsTheLaunchAndARerunResumes) {
    test::TempDir dir;
    auto sweep = tinySweep(dir.file("w"));
    sweep["pretrain"]["token_budget"] = 150000;  // long enough to be killed while it trains
    sweep["distributed"]["timeout_seconds"] = 60;
    const auto path = writeSweep(dir, "sweep.json", sweep);
    const int port = freePort();
    FILE* doomed = test::startProcess("timeout -s KILL 3 env " + rankEnvironment(1, 2, port) + " " + CONTEXTBENCH_CLI_PATH + " sweep --config " + path +
                                " 2>&1");
    const auto survivor = finish(startCli(rankEnvironment(0, 2, port), "sweep --config " + path, false));
    finish(doomed);
    EXPECT_EQ(survivor.exitCode, 1) << survivor.output;
    EXPECT_NE(survivor.output.find("rank 0 of 2: "), std::string::npos) << survivor.output;
    EXPECT_NE(survivor.output.find("another rank may have stopped"), std::string::npos) << survivor.output;

    const auto resumed = launchSweep(2, path);
    ASSERT_EQ(resumed.exitCode, 0) << resumed.output;
    EXPECT_EQ(lastJsonLine(resumed.output)["points"].size(), 2u);
}

TEST(CliSweep, ARankThatCannotReachTheMasterSaysWhere) {
    test::TempDir dir;
    auto sweep = tinySweep(dir.file("w"));
    sweep["distributed"]["connect_timeout_seconds"] = 2;
    const auto path = writeSweep(dir, "sweep.json", sweep);
    const int port = freePort();
    const auto out = finish(startCli(rankEnvironment(1, 2, port), "sweep --config " + path, false));
    EXPECT_EQ(out.exitCode, 1);
    EXPECT_NE(out.output.find("rank 1 of 2: could not reach the master (rank 0) at 127.0.0.1:" + std::to_string(port)), std::string::npos)
        << out.output;
}

TEST(CliSweep, RanksWithDifferentSweepsStopTogether) {
    test::TempDir dir;
    auto mine = tinySweep(dir.file("w"));
    auto theirs = mine;
    theirs["contexts"] = {32, 128};
    const auto a = writeSweep(dir, "a.json", mine);
    const auto b = writeSweep(dir, "b.json", theirs);
    const int port = freePort();
    FILE* second = startCli(rankEnvironment(1, 2, port), "sweep --config " + b, false);
    const auto first = finish(startCli(rankEnvironment(0, 2, port), "sweep --config " + a, false));
    const auto other = finish(second);
    EXPECT_EQ(first.exitCode, 1);
    EXPECT_EQ(other.exitCode, 1);
    EXPECT_NE(first.output.find("rank 1's cohort and sweep config differs from rank 0's"), std::string::npos) << first.output;
    EXPECT_NE(other.output.find("differs from rank 0's"), std::string::npos) << other.output;
}

// A point whose model does not fit: the message names the point and the allocation; with
// continue_on_error the sweep reports it and goes on, without it the sweep stops.
TEST(CliSweep, APointThatRunsOutOfMemoryIsNamedAndOptionallySkipped) {
    test::TempDir dir;
    auto sweep = tinySweep(dir.file("w"));
    sweep["contexts"] = {32};
    sweep["model_shape"]["intermediate_size"] = 2000000000;  // hundreds of GB of weights
    const auto stops = finish(startCli("", "sweep --config " + writeSweep(dir, "stop.json", sweep), false));
    EXPECT_EQ(stops.exitCode, 1);
    EXPECT_NE(stops.output.find("llama at 32 tokens ran out of memory on cpu"), std::string::npos) << stops.output;
    EXPECT_NE(stops.output.find("bytes"), std::string::npos) << stops.output;  // what it tried to allocate

    sweep["continue_on_error"] = true;
    sweep["contexts"] = {32, 64};
    const auto goesOn = finish(startCli("", "sweep --config " + writeSweep(dir, "go-on.json", sweep) + " --json", true));
    EXPECT_EQ(goesOn.exitCode, 3) << goesOn.output;
    const auto result = lastJsonLine(goesOn.output);
    ASSERT_EQ(result["failures"].size(), 2u);
    EXPECT_EQ(result["failures"][1]["context"], 64);
    EXPECT_NE(result["failures"][0]["message"].get<std::string>().find("ran out of memory"), std::string::npos);
    EXPECT_TRUE(result["points"].empty());
}

TEST(CliSweep, BadSweepFilesAreRefusedWithTheirName) {
    test::TempDir dir;
    auto sweep = tinySweep(dir.file("w"));
    sweep["context_lengths"] = {32};
    const auto path = writeSweep(dir, "typo.json", sweep);
    const auto out = finish(startCli("", "sweep --config " + path, false));
    EXPECT_EQ(out.exitCode, 1);
    EXPECT_NE(out.output.find("typo.json: unknown key 'context_lengths'"), std::string::npos) << out.output;
}

}  // namespace cb::cli
