#include "core/io/checkpoint_tensors.h"

#include "core/common/error.h"
#include "core/common/json_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace cb {

CheckpointTensors::CheckpointTensors(const std::string& folder) {
    const fs::path dir(folder);
    const auto single = dir / "model.safetensors";
    const auto index = dir / "model.safetensors.index.json";
    std::vector<fs::path> shards;
    std::map<std::string, std::string> weightMap;  // tensor -> shard file name
    if (fs::exists(single)) {
        origin_ = single.string();
        shards.push_back(single);
    } else if (fs::exists(index)) {
        origin_ = index.string();
        const auto json = readJsonFile(origin_, "safetensors index");
        if (!json.contains("weight_map") || !json["weight_map"].is_object())
            throw Error(origin_ + ": no 'weight_map' object");
        std::set<std::string> names;
        for (const auto& [tensor, file] : json["weight_map"].items()) {
            if (!file.is_string()) throw Error(origin_ + ": weight_map entry '" + tensor + "' is not a file name");
            const auto name = file.get<std::string>();
            if (name.find('/') != std::string::npos || name == "..")
                throw Error(origin_ + ": weight_map entry '" + tensor + "' points outside the folder: '" + name + "'");
            weightMap[tensor] = name;
            names.insert(name);
        }
        for (const auto& name : names) shards.push_back(dir / name);
    } else if (fs::exists(dir / "pytorch_model.bin")) {
        throw Error(folder + ": only a pickled pytorch_model.bin; ContextBench never loads pickles (they can run code). "
                             "Convert it once with transformers: AutoModelForCausalLM.from_pretrained(DIR)"
                             ".save_pretrained(DIR, safe_serialization=True)");
    } else {
        throw Error(folder + ": no model.safetensors or model.safetensors.index.json");
    }

    for (const auto& shard : shards) {
        if (!fs::exists(shard)) throw Error(origin_ + ": shard " + shard.filename().string() + " is missing");
        files_.push_back(std::make_unique<SafetensorsFile>(shard.string()));
        const auto* file = files_.back().get();
        bytes_ += fs::file_size(shard);
        for (const auto& [key, value] : file->metadata()) metadata_[key] = value;
        for (const auto& t : file->tensors()) {
            if (!weightMap.empty()) {
                const auto it = weightMap.find(t.name);
                if (it == weightMap.end() || it->second != shard.filename().string())
                    throw Error(file->path() + ": tensor '" + t.name + "' is not mapped to this shard by " + origin_);
            }
            if (!byName_.emplace(t.name, Found{file, &t}).second)
                throw Error(file->path() + ": tensor '" + t.name + "' is stored twice");
        }
    }
    for (const auto& [tensor, file] : weightMap)
        if (!byName_.count(tensor)) throw Error(origin_ + ": tensor '" + tensor + "' is missing from " + file);
}

std::optional<CheckpointTensors::Found> CheckpointTensors::find(const std::string& name) const {
    if (const auto it = byName_.find(name); it != byName_.end()) return it->second;
    if (const auto alias = metadata_.find(name); alias != metadata_.end())
        if (const auto it = byName_.find(alias->second); it != byName_.end()) return it->second;
    return std::nullopt;
}

std::vector<std::string> CheckpointTensors::storedNames() const {
    std::vector<std::string> names;
    for (const auto& [name, found] : byName_) names.push_back(name);
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace cb
