#pragma once

#include "core/common/error.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <string>

namespace cb {

// An integer field of a HF config.json. nlohmann's get<int>() converts a float such as 6.5e42 with
// undefined behaviour (the config fuzzer found it), so the value must be a JSON integer, or a
// whole float, within int range; anything else is an error naming the file and field.
inline int configInt(const nlohmann::json& j, const char* key, const std::string& origin) {
    if (!j.contains(key) || j[key].is_null()) throw Error(origin + ": missing '" + key + "'");
    const auto& v = j[key];
    constexpr double lo = std::numeric_limits<int>::min(), hi = std::numeric_limits<int>::max();
    if (v.is_number_integer()) {
        if (v.is_number_unsigned() ? v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)
                                   : (v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi))
            throw Error(origin + ": '" + key + "' is out of range");
        return static_cast<int>(v.get<std::int64_t>());
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (d >= lo && d <= hi && d == static_cast<double>(static_cast<long long>(d))) return static_cast<int>(d);
    }
    throw Error(origin + ": '" + key + "' must be an integer, got " + v.dump());
}

// The same for an optional field: `fallback` when absent or null.
inline int configInt(const nlohmann::json& j, const char* key, int fallback, const std::string& origin) {
    if (!j.contains(key) || j[key].is_null()) return fallback;
    return configInt(j, key, origin);
}

}  // namespace cb
