#include "core/distributed/launch_environment.h"

#include "core/common/error.h"
#include "core/common/parse_number.h"

#include <cstdlib>

namespace cb {
namespace {

std::optional<std::string> processVariable(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
}

int integerVariable(const std::function<std::optional<std::string>(const std::string&)>& lookup, const std::string& name,
                    int fallback, int minimum, int maximum) {
    const auto text = lookup(name);
    if (!text || text->empty()) return fallback;
    const auto value = parseInteger<int>(*text);
    if (!value || *value < minimum || *value > maximum)
        throw Error("launch environment: " + name + "='" + *text + "' is not an integer in [" + std::to_string(minimum) + ", " +
                    std::to_string(maximum) + "]");
    return *value;
}

}  // namespace

std::string LaunchEnvironment::label() const { return "rank " + std::to_string(rank) + " of " + std::to_string(worldSize); }

LaunchEnvironment LaunchEnvironment::fromEnvironment(
    const std::function<std::optional<std::string>(const std::string&)>& lookup) {
    const auto get = lookup ? lookup : processVariable;
    LaunchEnvironment env;
    env.worldSize = integerVariable(get, "WORLD_SIZE", 1, 1, 65536);
    env.rank = integerVariable(get, "RANK", 0, 0, 65535);
    env.localRank = integerVariable(get, "LOCAL_RANK", env.rank, 0, 65535);
    env.masterPort = integerVariable(get, "MASTER_PORT", env.masterPort, 1, 65535);
    if (const auto address = get("MASTER_ADDR"); address && !address->empty()) env.masterAddress = *address;
    if (env.rank >= env.worldSize)
        throw Error("launch environment: RANK=" + std::to_string(env.rank) + " is outside WORLD_SIZE=" + std::to_string(env.worldSize));
    if (env.distributed() && !get("MASTER_ADDR") && !get("MASTER_PORT"))
        throw Error("launch environment: WORLD_SIZE=" + std::to_string(env.worldSize) +
                    " needs MASTER_ADDR and MASTER_PORT (the address and port of rank 0), as torchrun sets them");
    return env;
}

}  // namespace cb
