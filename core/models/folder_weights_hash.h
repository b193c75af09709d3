#pragma once

#include <string>

namespace cb {

// SHA-256 over the weight files of a HF model folder (model.safetensors, or the index and its
// model-*.safetensors shards): what a cache key follows, whatever the folder is called.
std::string folderWeightsHash(const std::string& dir);

}  // namespace cb
