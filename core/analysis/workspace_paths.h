#pragma once

#include <string>

namespace cb {

// Where a workspace keeps things: results.sqlite and models/<key>/.
struct WorkspacePaths {
    std::string root;
    std::string database() const { return root + "/results.sqlite"; }
    std::string modelDir(const std::string& modelKey) const { return root + "/models/" + modelKey.substr(0, 16); }
};

}  // namespace cb
