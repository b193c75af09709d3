#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace cb {

// One serialisation per config: nlohmann's objects keep keys sorted and its doubles print the
// shortest round-trip form, so equal configs give equal text and equal cache keys.
inline std::string canonicalJson(const nlohmann::json& value) { return value.dump(); }

}  // namespace cb
