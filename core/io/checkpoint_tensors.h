#pragma once

#include "core/io/safetensors.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cb {

// The tensors of a HF model folder: `model.safetensors`, or `model.safetensors.index.json` and the
// shards its weight_map names. Every file is memory-mapped; nothing is copied until a caller reads.
// A folder with only a pickled `pytorch_model.bin` is refused with advice: pickles run code and are
// never loaded.
class CheckpointTensors {
public:
    explicit CheckpointTensors(const std::string& folder);

    struct Found {
        const SafetensorsFile* file = nullptr;
        const StTensorInfo* info = nullptr;
    };
    // The stored tensor of that name; names that safetensors' save_model dropped as duplicates of a
    // shared tensor (listed in the header metadata as name -> kept name) resolve to the kept one.
    std::optional<Found> find(const std::string& name) const;
    std::vector<std::string> storedNames() const;
    // Metadata of every file merged ("format", save_model's aliases).
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    // What to name in an error: the file, or the index for a sharded checkpoint.
    const std::string& origin() const { return origin_; }
    std::uint64_t totalBytes() const { return bytes_; }

private:
    std::string origin_;
    std::vector<std::unique_ptr<SafetensorsFile>> files_;
    std::unordered_map<std::string, Found> byName_;
    std::map<std::string, std::string> metadata_;
    std::uint64_t bytes_ = 0;
};

}  // namespace cb
