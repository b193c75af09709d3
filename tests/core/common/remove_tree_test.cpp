#include "core/common/remove_tree.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace cb {
namespace {

namespace fs = std::filesystem;

void touch(const fs::path& p) { std::ofstream(p) << "x"; }

TEST(RemoveTree, RemovesEverythingUnderADirectoryButNotWhatLinksPointTo) {
    test::TempDir dir;
    const fs::path root = dir.file("tree"), outside = dir.file("outside.txt");
    fs::create_directories(root / "a" / "b");
    touch(root / "top.txt");
    touch(root / "a" / "mid.txt");
    touch(root / "a" / "b" / "deep.txt");
    touch(outside);
    fs::create_symlink(outside, root / "a" / "link");
    fs::create_directory_symlink(dir.path(), root / "dirlink");  // a link to a directory is not followed
    EXPECT_EQ(removeTree(root.string()), 8u);  // the root, a, b; 3 files; 2 links
    EXPECT_FALSE(fs::exists(root));
    EXPECT_TRUE(fs::exists(outside));
    EXPECT_EQ(removeTree(root.string()), 0u);  // missing: nothing to do, no error
    touch(root);
    EXPECT_EQ(removeTree(root.string()), 1u);  // a plain file
}

TEST(RemoveTree, AFailureNamesThePath) {
    test::TempDir dir;
    touch(dir.file("file"));
    const auto below = dir.file("file") + "/sub";  // a path through a file: ENOTDIR
    std::error_code error;
    EXPECT_EQ(removeTree(below, error), 0u);
    EXPECT_TRUE(error);
    try {
        removeTree(below);
        FAIL() << "no error for " << below;
    } catch (const std::system_error& e) {
        EXPECT_NE(std::string(e.what()).find(below), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace cb
