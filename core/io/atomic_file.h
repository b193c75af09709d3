#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace cb {

// Writes `path` through a temporary sibling renamed into place on success, so a crash or a cancel
// never leaves a half-written file under the final name.
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace cb
