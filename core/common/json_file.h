#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace cb {

// Reads a whole JSON file; errors name the file and say whether it could not be opened or parsed.
// `what` describes the file for the first case ("model config", "tokenizer config").
nlohmann::json readJsonFile(const std::string& path, const std::string& what);

}  // namespace cb
