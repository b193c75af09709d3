#pragma once

#include <string>

namespace cb {

// Reads a whole file as bytes; an error names the file and `what` it is ("document", "QA file").
std::string readTextFile(const std::string& path, const std::string& what);

}  // namespace cb
