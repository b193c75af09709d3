#pragma once

#include <string>

namespace cb {

// This machine's name as the result store records it with every run ("unknown" if it has none).
std::string hostName();

}  // namespace cb
