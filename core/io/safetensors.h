#pragma once

#include "core/io/mapped_file.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cb {

enum class StDtype { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };
const char* toString(StDtype dtype);
std::size_t elementSize(StDtype dtype);

struct StTensorInfo {
    std::string name;
    StDtype dtype = StDtype::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  // byte offsets into the data section
    std::uint64_t end = 0;
    std::int64_t numel() const;
};

// A safetensors file mapped read-only: an 8-byte little-endian header length, a JSON header naming
// each tensor's dtype, shape and byte range, then the data.
class SafetensorsFile {
public:
    explicit SafetensorsFile(const std::string& path);

    const std::vector<StTensorInfo>& tensors() const { return tensors_; }
    const StTensorInfo* find(const std::string& name) const;
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    const std::byte* data(const StTensorInfo& tensor) const { return dataStart_ + tensor.begin; }
    const std::string& path() const { return file_->path(); }

private:
    std::shared_ptr<MappedFile> file_;
    const std::byte* dataStart_ = nullptr;
    std::vector<StTensorInfo> tensors_;
    std::map<std::string, std::string> metadata_;
};

struct StTensorView {
    std::string name;
    StDtype dtype = StDtype::F32;
    std::vector<std::int64_t> shape;
    const void* data = nullptr;  // contiguous, little-endian
};

// Writes tensors sorted by name (as the reference library does) with an 8-byte aligned header.
void writeSafetensors(const std::string& path, const std::vector<StTensorView>& tensors,
                      const std::map<std::string, std::string>& metadata);

}  // namespace cb
