#include "core/lift/lift_cache.h"

#include "core/analysis/run_kinds.h"
#include "core/common/canonical_json.h"
#include "core/common/host_name.h"
#include "core/common/sha256.h"
#include "core/models/causal_lm.h"
#include "core/models/folder_weights_hash.h"
#include "core/models/model_folder.h"
#include "core/runtime/torch_runtime.h"
#include "core/store/result_store.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>

namespace cb {
namespace {

// Bumped whenever LIFT changes what it computes, so old cache entries stop matching.
constexpr int kLiftVersion = 1;

nlohmann::json pairsJson(const std::vector<QaPair>& pairs) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : pairs) out.push_back({p.question, p.answer, p.evidence});
    return out;
}

nlohmann::json liftIdentity(const std::string& modelDir, const LiftRequest& request, const std::string& weightsHash) {
    nlohmann::json modes = nlohmann::json::array();
    for (const auto m : request.modes) modes.push_back(liftModeName(m));
    const auto tokenizer = std::filesystem::path(modelDir) / "tokenizer.json";
    return {{"kind", kLiftRunKind},
            {"version", kLiftVersion},
            {"weights", weightsHash},
            {"tokenizer", std::filesystem::exists(tokenizer) ? Sha256::ofFile(tokenizer.string()) : std::string()},
            {"document", Sha256::ofText(request.document)},
            {"held_out", Sha256::ofText(request.heldOut)},
            {"questions", pairsJson(request.questions)},
            {"auxiliary", pairsJson(request.auxiliary)},
            {"modes", modes},
            {"config", request.config.toJson()}};
}

}  // namespace

std::string liftRunKey(const std::string& modelDir, const LiftRequest& request) {
    return Sha256::ofText(canonicalJson(liftIdentity(modelDir, request, folderWeightsHash(modelDir))));
}

LiftReport runLiftCached(ResultStore* store, const std::string& modelDir, CausalLm& model, const TextTokenizer& tokenizer,
                         const LiftRequest& asked, const c10::Device& device, const JobContext& job, const LiftEpochFn& onEpoch) {
    if (!store) return runLift(model, tokenizer, asked, device, job, onEpoch);
    // The key holds the precision the run really has, so "auto" on a GPU and "bf16" share a cache entry.
    auto request = asked;
    request.config = asked.config.forDevice(device.is_cuda());
    const auto weightsHash = folderWeightsHash(modelDir);
    const auto identity = liftIdentity(modelDir, request, weightsHash);
    const auto key = Sha256::ofText(canonicalJson(identity));
    if (request.saveAdaptedTo.empty())
        if (const auto run = store->completeRun(key)) {
            auto report = LiftReport::fromJson(run->config.at("report"));
            report.cached = true;
            return report;
        }

    const auto started = std::chrono::steady_clock::now();
    const auto report = runLift(model, tokenizer, request, device, job, onEpoch);
    job.throwIfCancelled();
    const auto documentHash = identity.at("document").get<std::string>();
    const auto record = folderModelRecord(model, modelDir, weightsHash, "document:" + documentHash);
    RunRecord run;
    run.key = key;
    run.kind = kLiftRunKind;
    run.cohortHash = record.cohortHash;
    run.modelKey = record.key;
    run.weightsHash = weightsHash;
    run.architecture = model.architecture();
    run.contextLength = report.contextWindow;
    run.attention = "full";
    run.config = identity;
    run.config["report"] = report.toJson();
    run.config["report"].erase("saved_to");  // where one run saved its weights says nothing of a later read
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    run.machine = hostName();
    run.runtime = describeRuntime(device.str());
    std::vector<MetricRow> metrics;
    for (const auto& mode : report.modes) {
        const auto name = liftModeName(mode.mode);
        const auto n = static_cast<std::int64_t>(mode.questions.size());
        metrics.push_back({name, "exact_match", mode.exactMatch(), std::nullopt, std::nullopt, n});
        metrics.push_back({name, "mean_log_likelihood", mode.meanLogLikelihood(), std::nullopt, std::nullopt, n});
    }
    if (!store->model(record.key)) store->putModel(record);
    // The document is the "cohort" of a LIFT run; the browser names it by its first words.
    const auto firstLine = request.document.substr(0, std::min<std::size_t>(request.document.find('\n'), 48));
    store->putCohort({record.cohortHash, "document: " + firstLine, "lift document", 1, report.documentTokens, nlohmann::json::object()});
    store->putCompleteRun(run, metrics, {});
    return report;
}

}  // namespace cb
