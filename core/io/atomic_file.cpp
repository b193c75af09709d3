#include "core/io/atomic_file.h"

#include "core/common/error.h"

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace cb {

void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    const std::string temp = path + ".tmp-" + std::to_string(::getpid());
    try {
        {
            std::ofstream out(temp, std::ios::binary | std::ios::trunc);
            if (!out) throw Error("cannot write '" + temp + "'");
            write(out);
            out.flush();
            if (!out) throw Error("write failed for '" + temp + "' (disk full?)");
        }
        std::filesystem::rename(temp, path);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw;
    }
}

}  // namespace cb
