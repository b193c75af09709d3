#include "core/common/host_name.h"

#include <unistd.h>

namespace cb {

std::string hostName() {
    char buffer[256] = {};
    return gethostname(buffer, sizeof buffer - 1) == 0 ? buffer : "unknown";
}

}  // namespace cb
