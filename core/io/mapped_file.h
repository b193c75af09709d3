#pragma once

#include <cstddef>
#include <string>

namespace cb {

// A read-only memory mapping of a whole file; unmapped on destruction. Checkpoints are read through
// it so a 500 MB model costs no copy until tensors are materialised.
class MappedFile {
public:
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::byte* data() const { return data_; }
    std::size_t size() const { return size_; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace cb
