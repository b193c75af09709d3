#pragma once

#include <filesystem>
#include <string>

namespace cb::test {

// tests/data, located at configure time.
inline std::string dataPath(const std::string& relative) { return std::string(CONTEXTBENCH_TEST_DATA) + "/" + relative; }

// A fresh empty folder under the system temp dir, removed when the object goes away.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string str() const { return path_.string(); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

}  // namespace cb::test
