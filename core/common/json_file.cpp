#include "core/common/json_file.h"

#include "core/common/error.h"

#include <fstream>

namespace cb {

nlohmann::json readJsonFile(const std::string& path, const std::string& what) {
    std::ifstream in(path);
    if (!in) throw Error("cannot open " + what + " '" + path + "'");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": invalid JSON (" + e.what() + ")");
    }
}

}  // namespace cb
