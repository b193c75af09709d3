#include "app/cli/arg_parser.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace cb::cli {
namespace {

struct Outcome {
    int exitCode = -1;
    std::string output;
};

Outcome runCli(const std::string& arguments) {
    const std::string command = std::string(CONTEXTBENCH_CLI_PATH) + " " + arguments + " 2>&1";
    Outcome out;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return out;
    std::array<char, 512> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe)) out.output += buffer.data();
    const int status = pclose(pipe);
    out.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

}  // namespace

TEST(ArgParser, ParsesOptionsFlagsAndDefaults) {
    ArgParser p("demo");
    p.option("out", "folder").option("patients", "n", "2000").flag("json", "json");
    p.parse({"--out", "x", "--patients=12", "--json"});
    EXPECT_EQ(p.value("out"), "x");
    EXPECT_EQ(p.intValue("patients"), 12);
    EXPECT_TRUE(p.has("json"));
}

TEST(ArgParser, RejectsWhatItDoesNotKnow) {
    ArgParser p("demo");
    p.option("out", "folder").option("patients", "n", "2000");
    EXPECT_THROW(p.parse({"--bogus"}), Error);
    EXPECT_THROW(p.parse({"stray"}), Error);
    EXPECT_THROW(p.parse({"--out"}), Error);
    ArgParser q("demo");
    q.option("out", "folder").option("patients", "n", "2000");
    q.parse({"--patients", "12x"});
    EXPECT_THROW(q.intValue("patients"), Error);
    EXPECT_THROW(q.value("out"), Error);  // required, not given
    EXPECT_THROW(q.parse({"--help"}), HelpRequested);
}

TEST(Cli, UnknownFlagsAndBadPathsFailClearly) {
    const auto unknownFlag = runCli("demo --out /tmp/x --bogus");
    EXPECT_EQ(unknownFlag.exitCode, 1);
    EXPECT_NE(unknownFlag.output.find("unknown flag '--bogus'"), std::string::npos) << unknownFlag.output;

    const auto badPath = runCli("demo --out /proc/contextbench-cannot-exist/out");
    EXPECT_EQ(badPath.exitCode, 1);
    EXPECT_NE(badPath.output.find("/proc/contextbench-cannot-exist/out"), std::string::npos) << badPath.output;

    const auto badContexts = runCli("demo --out /tmp/x --contexts 512,abc");
    EXPECT_EQ(badContexts.exitCode, 1);
    EXPECT_NE(badContexts.output.find("'abc'"), std::string::npos) << badContexts.output;

    const auto unknownCommand = runCli("frobnicate");
    EXPECT_EQ(unknownCommand.exitCode, 2);
    EXPECT_NE(unknownCommand.output.find("unknown command 'frobnicate'"), std::string::npos);

    const auto help = runCli("demo --help");
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.output.find("--contexts"), std::string::npos);
}

TEST(Cli, InfoReportsTheRuntimeAsJson) {
    const auto info = runCli("info --json");
    EXPECT_EQ(info.exitCode, 0);
    EXPECT_NE(info.output.find("\"blas\""), std::string::npos) << info.output;
    EXPECT_NE(info.output.find("\"threads\""), std::string::npos) << info.output;
}

}  // namespace cb::cli
