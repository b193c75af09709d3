#pragma once

#include <functional>
#include <optional>
#include <string>

namespace cb {

// Where this process sits in a torchrun-style launch: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and
// MASTER_PORT, read the way torchrun sets them. Without WORLD_SIZE (or with WORLD_SIZE=1) the
// process runs alone and needs no master.
struct LaunchEnvironment {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    std::string masterAddress = "127.0.0.1";
    int masterPort = 29500;

    bool distributed() const { return worldSize > 1; }
    // "rank 1 of 4": the prefix of every message a rank prints.
    std::string label() const;

    // Reads the variables through `lookup` (the process environment by default); a variable that is
    // set but malformed, or a rank outside the world, is an error naming the variable.
    static LaunchEnvironment fromEnvironment(
        const std::function<std::optional<std::string>(const std::string&)>& lookup = {});
};

}  // namespace cb
