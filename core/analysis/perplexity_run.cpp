#include "core/analysis/perplexity_run.h"

#include "core/analysis/run_kinds.h"
#include "core/attention/cca_attention.h"
#include "core/common/canonical_json.h"
#include "core/common/error.h"
#include "core/common/host_name.h"
#include "core/common/sha256.h"
#include "core/models/causal_lm.h"
#include "core/runtime/torch_runtime.h"

#include <chrono>

namespace cb {

StoredPerplexity runPositionPerplexity(const PreparedCohort& cohort, CausalLm& model, const ModelRecord& modelRecord,
                                       const PositionPerplexityConfig& config, const AttentionSpec& attention,
                                       ResultStore* store, const JobContext& job) {
    const auto identity = perplexityIdentity(cohort.hash, modelRecord.weightsHash, config, attention);
    const auto key = Sha256::ofText(canonicalJson(identity));
    if (store)
        if (auto run = store->completeRun(key)) return {*run, curveFromRows(store->curve(run->id), run->id), true};

    const auto patients = cohort.cohort.patientsIn(Split::Tuning);
    if (patients.empty()) throw Error("per-position perplexity: cohort " + cohort.cohort.name + " has no validation (tuning) patients");
    const auto started = std::chrono::steady_clock::now();
    model.setAttention(attention);
    StoredPerplexity out;
    takeCcaNotices();  // only what this run's passes give
    out.curve = perPositionPerplexity(model, cohort.tokens, patients, config, job);
    job.throwIfCancelled();
    const auto notices = takeCcaNotices();
    for (const auto& notice : notices) job.report("Attention", 1.0, notice);

    RunRecord& run = out.run;
    run.key = key;
    run.kind = kPositionPerplexityRunKind;
    run.cohortHash = cohort.hash;
    run.modelKey = modelRecord.key;
    run.weightsHash = modelRecord.weightsHash;
    run.architecture = model.architecture();
    run.contextLength = config.context;
    run.attention = attention.label();
    run.config = identity;
    run.config["validation_patients"] = patients.size();
    run.config["unknown_events"] = cohort.tokens.oov().unknownEvents;
    if (!notices.empty()) run.config["attention_notices"] = notices;
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    run.machine = hostName();
    run.runtime = describeRuntime(config.device);
    run.status = "complete";
    if (store) {
        store->putCohort({cohort.hash, cohort.cohort.name, cohort.cohort.source, static_cast<std::int64_t>(cohort.cohort.numPatients()),
                          static_cast<std::int64_t>(cohort.cohort.numEvents()), nlohmann::json::object()});
        if (!store->model(modelRecord.key)) store->putModel(modelRecord);
        run.id = store->putCompleteRun(run, {}, {}, toCurveRows(out.curve));
        run = *store->run(run.id);
    }
    return out;
}

}  // namespace cb
