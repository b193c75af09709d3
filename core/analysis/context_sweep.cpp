#include "core/analysis/context_sweep.h"

#include "core/analysis/labelled_requests.h"
#include "core/analysis/model_provider.h"
#include "core/analysis/property_cache.h"
#include "core/analysis/run_kinds.h"
#include "core/cohort/task_catalog.h"
#include "core/common/canonical_json.h"
#include "core/common/error.h"
#include "core/common/host_name.h"
#include "core/common/sha256.h"
#include "core/eval/featurizer.h"
#include "core/eval/linear_probe.h"
#include "core/eval/sharded_featurizer.h"
#include "core/jobs/parallel_for.h"
#include "core/attention/cca_attention.h"
#include "core/runtime/autocast_scope.h"
#include "core/runtime/torch_runtime.h"
#include "core/store/result_store.h"

#include <c10/util/Exception.h>

#include <chrono>
#include <filesystem>
#include <map>

namespace fs = std::filesystem;

namespace cb {
namespace {

constexpr const char* kRunKind = kContextAurocRunKind;
// Bumped whenever featurisation or the probe change what they compute, so old cache entries stop
// matching instead of being served as if current.
constexpr int kEvaluationVersion = 1;
constexpr const char* kMeanTask = kMeanOverTasks;

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

nlohmann::json evaluationIdentity(const PreparedCohort& cohort, const ContextSweepConfig& config,
                                  const std::string& weightsHash, int context) {
    nlohmann::json identity = {{"kind", kRunKind},
            {"version", kEvaluationVersion},
            {"cohort", cohort.hash},
            {"weights", weightsHash},
            {"context", context},
            {"attention", config.attention.toJson()},
            {"probe", config.probe.toJson()},
            {"tasks", config.taskList()}};
    // Absent for fp32, so results stored before precision was a setting keep their keys.
    if (config.precision != "fp32") identity["precision"] = config.precision;
    return identity;
}

ContextPoint pointFromStore(ResultStore& store, const RunRecord& run) {
    ContextPoint point;
    point.architecture = run.architecture;
    point.context = run.contextLength;
    point.cached = true;
    point.seconds = run.seconds;
    point.modelKey = run.modelKey;
    point.runId = run.id;
    point.attention = run.attention;
    point.timing = run.config.value("timing", nlohmann::json::object());
    point.notices = run.config.value("attention_notices", std::vector<std::string>{});
    std::map<std::string, TaskMetrics> byTask;
    std::vector<std::string> order;
    for (const auto& m : store.metrics(run.id)) {
        auto toEstimate = [&](Estimate& e) {
            e.value = m.value.value_or(std::nan(""));
            e.low = m.low.value_or(std::nan(""));
            e.high = m.high.value_or(std::nan(""));
            e.replicates = static_cast<int>(m.n);
        };
        if (m.task == kMeanTask) {
            if (m.metric == "auroc") toEstimate(point.meanAuroc);
            continue;
        }
        if (!byTask.count(m.task)) order.push_back(m.task);
        auto& t = byTask[m.task];
        t.task = m.task;
        t.evaluated = true;
        if (m.metric == "auroc") toEstimate(t.auroc);
        else if (m.metric == "auprc") toEstimate(t.auprc);
        else if (m.metric == "brier") toEstimate(t.brier);
        else if (m.metric == "best_c") t.bestC = m.value.value_or(0.0);
        else if (m.metric == "test_count") t.testCount = static_cast<int>(m.value.value_or(0.0));
        else if (m.metric == "test_positives") t.testPositives = static_cast<int>(m.value.value_or(0.0));
    }
    const auto skipped = run.config.value("skipped_tasks", nlohmann::json::object());
    for (const auto& [task, reason] : skipped.items()) {
        order.push_back(task);
        byTask[task] = TaskMetrics{task, false, reason.get<std::string>(), {}, {}, {}, 0.0, 0, 0};
    }
    for (const auto& task : order) point.tasks.push_back(byTask[task]);
    return point;
}

// An opened model is one "architecture" of its own; otherwise each one asked for is pretrained.
std::vector<std::string> sweptArchitectures(const ContextSweepConfig& config) {
    return config.modelDir.empty() ? config.architectures : std::vector<std::string>{"opened"};
}

class SweepRunner {
public:
    SweepRunner(const PreparedCohort& cohort, const ContextSweepConfig& config, const WorkspacePaths& workspace, Communicator& comm)
        : cohort_(cohort),
          config_(config),
          comm_(comm),
          store_(comm.isRoot() ? std::optional<ResultStore>(std::in_place, workspace.database()) : std::nullopt),
          device_(resolveDevice(config.device)),
          models_(cohort, config, workspace, store_ ? &*store_ : nullptr, device_, comm) {}

    // Empty on ranks other than 0: only rank 0 fits heads and reads the store.
    std::optional<ContextPoint> runPoint(const std::string& architecture, int context, const JobContext& job);
    std::optional<ContextPoint> computePoint(const std::string& architecture, int context, const JobContext& job);
    std::optional<ContextPoint> cachedPoint(const std::string& architecture, int context);
    void recordCohort();

private:
    const PreparedCohort& cohort_;
    const ContextSweepConfig& config_;
    Communicator& comm_;
    std::optional<ResultStore> store_;
    std::string device_;
    ModelProvider models_;
};

void SweepRunner::recordCohort() {
    CohortRecord record{cohort_.hash, cohort_.cohort.name, cohort_.cohort.source,
                        static_cast<std::int64_t>(cohort_.cohort.numPatients()),
                        static_cast<std::int64_t>(cohort_.cohort.numEvents()), nlohmann::json::object()};
    if (!store_) return;
    store_->putCohort(record);
    // Stratified views of these runs need the properties of the examples they score.
    if (!hasExampleProperties(*store_, cohort_.hash))
        storeExampleProperties(*store_, cohort_.hash, labelledExampleProperties(cohort_.cohort, &cohort_.tokens));
}

std::optional<ContextPoint> SweepRunner::cachedPoint(const std::string& architecture, int context) {
    if (!store_) return std::nullopt;
    const auto weights = config_.attention.adaptTokens > 0 ? models_.knownAdaptedWeights(architecture, context, config_.attention)
                                                           : models_.knownWeights(architecture, context);
    if (!weights) return std::nullopt;
    const auto key = Sha256::ofText(canonicalJson(evaluationIdentity(cohort_, config_, *weights, context)));
    const auto run = store_->completeRun(key);
    if (!run) return std::nullopt;
    return pointFromStore(*store_, *run);
}

std::optional<ContextPoint> SweepRunner::runPoint(const std::string& architecture, int context, const JobContext& job) {
    const auto outOfMemory = [&](const c10::Error& e) {
        const std::string what = e.what_without_backtrace();
        return Error(architecture + " at " + std::to_string(context) + " tokens ran out of memory on " + device_ + ": " +
                     what.substr(0, what.find('\n')) +
                     " (lower featurize_tokens_per_batch or pretrain.tokens_per_step, use a smaller model_shape, or a larger device)");
    };
    try {
        return computePoint(architecture, context, job);
    } catch (const c10::OutOfMemoryError& e) {
        throw outOfMemory(e);
    } catch (const c10::Error& e) {
        // The CPU allocator reports exhaustion as a plain error.
        if (std::string(e.what()).find("can't allocate memory") != std::string::npos) throw outOfMemory(e);
        throw;
    }
}

std::optional<ContextPoint> SweepRunner::computePoint(const std::string& architecture, int context, const JobContext& job) {
    const auto where = architecture + " at " + std::to_string(context) + " tokens";
    auto cached = cachedPoint(architecture, context);
    if (comm_.broadcastString(cached ? "1" : "0", "deciding whether " + where + " is cached") == "1") return cached;
    const auto started = std::chrono::steady_clock::now();
    const bool adapting = config_.attention.adaptTokens > 0;
    auto ready = models_.obtain(architecture, context, job.slice(0.0, adapting ? 0.4 : 0.75));
    if (adapting) ready = models_.adapt(std::move(ready), config_.attention, context, job.slice(0.4, 0.75));
    const double modelSeconds = secondsSince(started);
    const auto& modelKey = ready.record.key;
    ready.model->setAttention(config_.attention);

    const auto tasks = config_.taskList();
    const auto labelled = collectLabelledRequests(cohort_.cohort, tasks);
    takeCcaNotices();  // only what this point's passes give
    const auto featurizeStarted = std::chrono::steady_clock::now();
    const auto features = [&] {
        const AutocastScope autocast(config_.precision == "bf16", c10::Device(device_).type());
        return featurizeAcrossRanks(*ready.model, cohort_.tokens, labelled.requests, context, device_, config_.featurizeTokensPerBatch,
                                    comm_, job.slice(0.75, 0.97));
    }();
    const double featurizeSeconds = secondsSince(featurizeStarted);
    const auto notices = takeCcaNotices();
    for (const auto& notice : notices) job.report("Attention", 0.97, notice);
    // Heads, bootstrap and store: rank 0 alone, once, on every rank's features.
    if (!comm_.isRoot()) return std::nullopt;

    const auto testPatients = cohort_.cohort.patientsIn(Split::HeldOut);
    std::vector<int> slotOf(cohort_.cohort.numPatients(), -1);
    for (std::size_t i = 0; i < testPatients.size(); ++i) slotOf[testPatients[i]] = static_cast<int>(i);
    const PatientBootstrap bootstrap(testPatients.size(), config_.probe.bootstrapReplicates, config_.probe.bootstrapSeed);

    // The heads of different tasks share nothing but their inputs: one task a core.
    const auto probeStarted = std::chrono::steady_clock::now();
    std::vector<TaskResult> results(tasks.size());
    parallelFor(tasks.size(), job.slice(0.97, 1.0), "Fitting task heads at " + std::to_string(context) + " tokens", [&](std::size_t t) {
        results[t] = evaluateLinearProbe(features, tasks[t], labelled.examples.at(tasks[t]), config_.probe, bootstrap, slotOf);
    }, 1);
    const double probeSeconds = secondsSince(probeStarted);
    const auto mean = meanAurocOverTasks(results);
    job.throwIfCancelled();

    std::vector<MetricRow> metrics;
    std::vector<PredictionRow> predictions;
    nlohmann::json skipped = nlohmann::json::object();
    for (const auto& r : results) {
        if (!r.evaluated) {
            skipped[r.task] = r.skipReason;
            continue;
        }
        auto add = [&](const char* metric, const Estimate& e) {
            metrics.push_back({r.task, metric, e.value, e.low, e.high, e.replicates});
        };
        add("auroc", r.auroc);
        add("auprc", r.auprc);
        add("brier", r.brier);
        metrics.push_back({r.task, "best_c", r.bestC, std::nullopt, std::nullopt, 0});
        metrics.push_back({r.task, "test_count", static_cast<double>(r.testCount), std::nullopt, std::nullopt, 0});
        metrics.push_back({r.task, "test_positives", static_cast<double>(r.testPositives), std::nullopt, std::nullopt, 0});
        for (const auto& p : r.predictions)
            predictions.push_back({r.task, cohort_.cohort.subjectIds[p.patient], p.time, p.label, p.probability});
    }
    metrics.push_back({kMeanTask, "auroc", mean.value, mean.low, mean.high, mean.replicates});

    RunRecord run;
    const auto identity = evaluationIdentity(cohort_, config_, ready.record.weightsHash, context);
    run.key = Sha256::ofText(canonicalJson(identity));
    run.kind = kRunKind;
    run.cohortHash = cohort_.hash;
    run.modelKey = modelKey;
    run.weightsHash = ready.record.weightsHash;
    run.architecture = ready.model->architecture();
    run.contextLength = context;
    run.attention = config_.attention.label();
    run.config = identity;
    run.config["skipped_tasks"] = skipped;
    run.config["empty_histories"] = features.emptyRows;
    if (!notices.empty()) run.config["attention_notices"] = notices;
    // Where the time went, for throughput figures and projections; not part of the key.
    std::int64_t featureTokens = 0;
    for (const auto length : features.lengths) featureTokens += length;
    run.config["timing"] = {{"model_seconds", modelSeconds},
                            {"model_trained", ready.trainedNow},
                            {"model_tokens", ready.trainedNow ? ready.record.training.value("tokens", std::int64_t{0}) : std::int64_t{0}},
                            {"featurize_seconds", featurizeSeconds},
                            {"featurize_tokens", featureTokens},
                            {"featurize_rows", features.rows},
                            {"probe_seconds", probeSeconds},
                            {"ranks", comm_.size()}};
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    run.machine = hostName();
    run.runtime = describeRuntime(device_);
    if (!comm_.alone()) run.runtime += ", " + std::to_string(comm_.size()) + " ranks (" + comm_.backend() + ")";
    run.id = store_->putCompleteRun(run, metrics, predictions);

    auto point = pointFromStore(*store_, *store_->completeRun(run.key));
    point.cached = false;
    return point;
}

}  // namespace

SweepOutcome runContextSweep(const PreparedCohort& cohort, const ContextSweepConfig& config, const WorkspacePaths& workspace,
                             const JobContext& job, const std::function<void(const ContextPoint&)>& onPoint,
                             Communicator* communicator) {
    config.validate();
    initTorchRuntime();
    Communicator alone;
    Communicator& comm = communicator ? *communicator : alone;
    auto identity = config.toJson();
    identity.erase("device");  // ranks on one host use different GPUs
    comm.requireSameOnAllRanks(cohort.hash + " " + canonicalJson(identity), "cohort and sweep config");
    const auto started = std::chrono::steady_clock::now();
    if (comm.isRoot()) fs::create_directories(workspace.root);
    SweepRunner runner(cohort, config, workspace, comm);
    runner.recordCohort();
    SweepOutcome outcome;
    outcome.allCached = true;
    const auto n = static_cast<double>(config.contexts.size() * sweptArchitectures(config).size());
    std::size_t i = 0;
    for (const auto& architecture : sweptArchitectures(config))
        for (const int context : config.contexts) {
            job.throwIfCancelled();
            std::optional<ContextPoint> point;
            try {
                point = runner.runPoint(architecture, context, job.slice(i / n, (i + 1) / n));
            } catch (const Cancelled&) {
                throw;
            } catch (const std::exception& e) {
                // Other ranks would wait for this one forever: a multi-rank sweep stops instead.
                if (!config.continueOnError || !comm.alone()) throw;
                outcome.failures.push_back({architecture, context, e.what()});
                outcome.allCached = false;
            }
            ++i;
            if (!point) continue;
            outcome.allCached = outcome.allCached && point->cached;
            if (onPoint) onPoint(*point);
            outcome.points.push_back(std::move(*point));
        }
    // No rank leaves before rank 0 has stored the last point.
    comm.barrier("finishing the sweep");
    job.report("Done", 1.0);
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return outcome;
}

std::vector<ContextPoint> cachedContextPoints(const PreparedCohort& cohort, const ContextSweepConfig& config,
                                              const WorkspacePaths& workspace) {
    if (!fs::exists(workspace.database())) return {};
    Communicator alone;
    SweepRunner runner(cohort, config, workspace, alone);
    runner.recordCohort();
    std::vector<ContextPoint> points;
    for (const auto& architecture : sweptArchitectures(config))
        for (int context : config.contexts)
            if (auto p = runner.cachedPoint(architecture, context)) points.push_back(std::move(*p));
    return points;
}

}  // namespace cb
