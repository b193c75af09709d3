#include "core/common/text_file.h"

#include "core/common/error.h"

#include <fstream>
#include <sstream>

namespace cb {

std::string readTextFile(const std::string& path, const std::string& what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open " + what + " '" + path + "'");
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw Error("cannot read " + what + " '" + path + "'");
    return buffer.str();
}

}  // namespace cb
