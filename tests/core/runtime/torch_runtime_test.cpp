#include "core/common/error.h"
#include "core/runtime/torch_runtime.h"

#include <gtest/gtest.h>

#include <thread>

namespace cb {

// "A CPU timing means nothing until you have checked which BLAS and how many threads torch really
// uses": these hold the build to an optimised BLAS and every hardware thread.
TEST(TorchRuntime, UsesEveryCoreAndAnOptimisedBlas) {
    initTorchRuntime();
    const auto info = runtimeInfo();
    EXPECT_EQ(info.threads, static_cast<int>(std::thread::hardware_concurrency()));
    EXPECT_TRUE(info.blas == "mkl" || info.blas == "openblas" || info.blas == "accelerate") << info.blas;
    EXPECT_EQ(info.torchVersion.rfind("2.", 0), 0u) << info.torchVersion;
}

TEST(TorchRuntime, DeviceSettingsAreCheckedAgainstTheMachine) {
    EXPECT_EQ(resolveDevice("cpu"), "cpu");
    const auto automatic = resolveDevice("auto");
    EXPECT_TRUE(automatic == "cpu" || automatic == "cuda:0");
    EXPECT_THROW(resolveDevice("tpu"), Error);
    EXPECT_THROW(resolveDevice("cuda:99"), Error);
    EXPECT_THROW(resolveDevice("cuda:x"), Error);
}

}  // namespace cb
