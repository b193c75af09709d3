#include "core/models/folder_weights_hash.h"

#include "core/common/sha256.h"

#include <algorithm>
#include <filesystem>
#include <vector>

namespace cb {

std::string folderWeightsHash(const std::string& dir) {
    namespace fs = std::filesystem;
    Sha256 hash;
    for (const auto& name : {"model.safetensors", "model.safetensors.index.json"}) {
        const auto file = fs::path(dir) / name;
        if (fs::exists(file)) hash.update(Sha256::ofFile(file.string()));
    }
    // Directory order is the filesystem's: sorted, so the same shards always hash the same.
    std::vector<fs::path> shards;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename().string().rfind("model-", 0) == 0) shards.push_back(entry.path());
    std::sort(shards.begin(), shards.end());
    for (const auto& shard : shards) hash.update(Sha256::ofFile(shard.string()));
    return hash.hexDigest();
}

}  // namespace cb
