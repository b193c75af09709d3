#include "core/models/model_folder.h"

#include "core/common/sha256.h"
#include "core/models/architecture_names.h"
#include "core/models/checkpoint.h"
#include "core/tokenize/vocabulary.h"

#include <chrono>
#include <filesystem>

namespace fs = std::filesystem;

namespace cb {

OpenedModel openModelFolder(const std::string& dir, const c10::Device& device) {
    OpenedModel opened;
    opened.folder = dir;
    const auto started = std::chrono::steady_clock::now();
    StoredWeights stored;
    opened.model = loadCheckpoint(dir, device, &stored);
    opened.loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    opened.architecture = opened.model->architecture();
    opened.parameters = opened.model->parameterCount();
    opened.contextLimit = opened.model->maxContext();
    opened.weightBytes = stored.bytes;
    opened.storedDtype = stored.dtypes;
    const auto tokenizer = fs::path(dir) / "tokenizer_config.json";
    if (fs::exists(tokenizer)) opened.vocabulary = std::make_shared<Vocabulary>(Vocabulary::load(tokenizer.string()));
    return opened;
}

ModelRecord folderModelRecord(CausalLm& model, const std::string& dir, const std::string& weightsHash,
                              const std::string& cohortHash) {
    ModelRecord r;
    r.weightsHash = weightsHash;
    r.key = Sha256::ofText("external:" + weightsHash);
    r.cohortHash = cohortHash;
    r.architecture = model.architecture();
    r.contextLength = model.maxContext();
    r.path = fs::absolute(dir).string();
    r.parameters = model.parameterCount();
    r.config = model.hfConfig();
    r.training = {{"role", "opened from a folder"}};
    return r;
}

nlohmann::json OpenedModel::describe() const {
    nlohmann::json tokenizer = nullptr;
    if (vocabulary)
        tokenizer = {{"file", (fs::path(folder) / "tokenizer_config.json").string()}, {"tokens", vocabulary->size()}};
    return {{"folder", folder},
            {"architecture", architecture},
            {"name", architectureDisplayName(architecture)},
            {"parameters", parameters},
            {"context_limit", contextLimit > 0 ? nlohmann::json(contextLimit) : nlohmann::json(nullptr)},
            {"hidden_size", model->hiddenSize()},
            {"vocab_size", model->vocabSize()},
            {"dtype", storedDtype},
            {"weight_bytes", weightBytes},
            {"load_seconds", loadSeconds},
            {"tokenizer", tokenizer},
            {"config", model->hfConfig()}};
}

}  // namespace cb
