#include "core/common/error.h"
#include "core/distributed/launch_environment.h"

#include <gtest/gtest.h>

#include <map>

namespace cb {
namespace {

LaunchEnvironment fromMap(const std::map<std::string, std::string>& vars) {
    return LaunchEnvironment::fromEnvironment([&](const std::string& name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    });
}

std::string errorOf(const std::map<std::string, std::string>& vars) {
    try {
        fromMap(vars);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(LaunchEnvironment, AloneWithoutTorchrunVariables) {
    const auto env = fromMap({});
    EXPECT_FALSE(env.distributed());
    EXPECT_EQ(env.rank, 0);
    EXPECT_EQ(env.worldSize, 1);
}

TEST(LaunchEnvironment, ReadsTorchrunVariables) {
    const auto env = fromMap({{"RANK", "3"}, {"WORLD_SIZE", "4"}, {"LOCAL_RANK", "1"}, {"MASTER_ADDR", "10.0.0.7"}, {"MASTER_PORT", "29511"}});
    EXPECT_TRUE(env.distributed());
    EXPECT_EQ(env.rank, 3);
    EXPECT_EQ(env.worldSize, 4);
    EXPECT_EQ(env.localRank, 1);
    EXPECT_EQ(env.masterAddress, "10.0.0.7");
    EXPECT_EQ(env.masterPort, 29511);
    EXPECT_EQ(env.label(), "rank 3 of 4");
    // LOCAL_RANK defaults to RANK (one host).
    EXPECT_EQ(fromMap({{"RANK", "2"}, {"WORLD_SIZE", "4"}, {"MASTER_PORT", "29511"}}).localRank, 2);
}

TEST(LaunchEnvironment, MalformedVariablesAreNamed) {
    EXPECT_NE(errorOf({{"WORLD_SIZE", "two"}}).find("WORLD_SIZE='two'"), std::string::npos);
    EXPECT_NE(errorOf({{"WORLD_SIZE", "2"}, {"RANK", "-1"}, {"MASTER_PORT", "1"}}).find("RANK='-1'"), std::string::npos);
    EXPECT_NE(errorOf({{"WORLD_SIZE", "2"}, {"RANK", "2"}, {"MASTER_PORT", "29500"}}).find("outside WORLD_SIZE=2"), std::string::npos);
    EXPECT_NE(errorOf({{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"MASTER_PORT", "70000"}}).find("MASTER_PORT='70000'"), std::string::npos);
    EXPECT_NE(errorOf({{"WORLD_SIZE", "2"}, {"RANK", "1"}}).find("needs MASTER_ADDR and MASTER_PORT"), std::string::npos);
}

}  // namespace cb
