#pragma once

#include "tests/support/test_paths.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>
#include <vector>

namespace cb::test {

inline nlohmann::json loadJson(const std::string& relative) {
    std::ifstream in(dataPath(relative));
    if (!in) throw std::runtime_error("missing fixture " + dataPath(relative));
    return nlohmann::json::parse(in);
}

// A JSON matrix (list of rows) as a row-major vector.
inline std::vector<double> flatten(const nlohmann::json& rows, std::size_t& cols) {
    std::vector<double> out;
    cols = rows.empty() ? 0 : rows[0].size();
    for (const auto& row : rows)
        for (const auto& v : row) out.push_back(v.get<double>());
    return out;
}

}  // namespace cb::test
