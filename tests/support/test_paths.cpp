#include "tests/support/test_paths.h"

#include "core/common/remove_tree.h"

#include <random>

namespace cb::test {

TempDir::TempDir() {
    std::random_device device;
    const auto base = std::filesystem::temp_directory_path();
    for (;;) {
        path_ = base / ("contextbench-test-" + std::to_string(device()));
        if (std::filesystem::create_directory(path_)) break;
    }
}

TempDir::~TempDir() {
    std::error_code ignored;
    removeTree(path_.string(), ignored);
}

}  // namespace cb::test
