#include "core/common/remove_tree.h"

#include <cerrno>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <system_error>

namespace cb {
namespace {

struct DirCloser {
    void operator()(DIR* d) const { closedir(d); }
};

// Depth first; stops at the first entry that cannot go, leaving its path in `failed`.
std::size_t removeEntry(const std::string& path, std::error_code& error, std::string& failed) {
    const auto fail = [&] {
        error.assign(errno, std::generic_category());
        failed = path;
    };
    struct stat st {};
    if (lstat(path.c_str(), &st) != 0) {
        if (errno != ENOENT) fail();
        return 0;
    }
    std::size_t removed = 0;
    if (S_ISDIR(st.st_mode)) {
        std::unique_ptr<DIR, DirCloser> dir(opendir(path.c_str()));
        if (!dir) {
            fail();
            return 0;
        }
        while (const dirent* entry = readdir(dir.get())) {
            const std::string name = entry->d_name;
            if (name == "." || name == "..") continue;
            removed += removeEntry(path + "/" + name, error, failed);
            if (error) return removed;
        }
        dir.reset();
        if (rmdir(path.c_str()) != 0) {
            fail();
            return removed;
        }
    } else if (unlink(path.c_str()) != 0) {
        fail();
        return removed;
    }
    return removed + 1;
}

}  // namespace

std::size_t removeTree(const std::string& path, std::error_code& error) noexcept {
    error.clear();
    try {
        std::string failed;
        return removeEntry(path, error, failed);
    } catch (const std::bad_alloc&) {
        error = std::make_error_code(std::errc::not_enough_memory);
        return 0;
    }
}

std::size_t removeTree(const std::string& path) {
    std::error_code error;
    std::string failed;
    const auto removed = removeEntry(path, error, failed);
    if (error) throw std::system_error(error, "cannot remove '" + failed + "'");
    return removed;
}

}  // namespace cb
