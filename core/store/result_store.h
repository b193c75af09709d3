#pragma once

#include "core/common/time_units.h"
#include "core/store/database.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cb {

struct CohortRecord {
    std::string hash, name, source;
    std::int64_t patients = 0, events = 0;
    nlohmann::json summary;
};

struct ModelRecord {
    std::string key;          // hash of what made the model: cohort, vocabulary, shape, training config
    std::string weightsHash;  // SHA-256 of model.safetensors
    std::string cohortHash;
    std::string architecture;
    int contextLength = 0;
    std::string path;
    std::int64_t parameters = 0;
    nlohmann::json config;    // HF config.json
    nlohmann::json training;  // pretraining config and loss summary
    double seconds = 0.0;
    std::string createdAt;
};

struct RunRecord {
    std::int64_t id = 0;
    std::string key;  // hash of cohort, weights and evaluation config: the cache key
    std::string kind; // "context_auroc"
    std::string cohortHash, modelKey, weightsHash, architecture;
    int contextLength = 0;
    std::string attention;
    nlohmann::json config;
    std::string status;  // complete | failed
    std::string createdAt;
    double seconds = 0.0;
    std::string machine, runtime, error;
};

struct MetricRow {
    std::string task, metric;
    std::optional<double> value, low, high;
    std::int64_t n = 0;
};

struct PredictionRow {
    std::string task;
    std::int64_t subjectId = 0;
    TimeUs predictionTime = 0;
    int label = 0;
    double probability = 0.0;
};

// One point of a run's curve (the per-position perplexity: x = token index, y = smoothed median).
struct CurveRow {
    std::string series;
    double x = 0.0;
    std::optional<double> y, low, high;
    std::int64_t n = 0;
};

// The SQLite result cache. One instance per thread; the file may be shared by several processes.
class ResultStore {
public:
    explicit ResultStore(const std::string& path);
    // ReadOnly reads a database at this schema version without touching it (one written by an older
    // or newer ContextBench is refused, naming the file).
    ResultStore(const std::string& path, DatabaseAccess access);
    // Read-write when the file allows it, else read-only: what a browser of results wants.
    static std::unique_ptr<ResultStore> openForReading(const std::string& path);
    bool readOnly() const { return db_.readOnly(); }

    void putCohort(const CohortRecord& cohort);
    std::optional<CohortRecord> cohort(const std::string& hash);

    void putModel(const ModelRecord& model);
    std::optional<ModelRecord> model(const std::string& key);
    std::vector<ModelRecord> modelsForCohort(const std::string& cohortHash);

    std::optional<RunRecord> completeRun(const std::string& key);
    // Writes a finished run with its metrics and predictions in one transaction, replacing an
    // earlier run of the same key; returns the run id.
    std::int64_t putCompleteRun(RunRecord run, const std::vector<MetricRow>& metrics,
                                const std::vector<PredictionRow>& predictions, const std::vector<CurveRow>& curves = {});
    std::vector<RunRecord> runs(const std::string& cohortHash, const std::string& kind);
    std::vector<MetricRow> metrics(std::int64_t runId);
    std::vector<PredictionRow> predictions(std::int64_t runId, const std::string& task);
    std::vector<PredictionRow> predictions(std::int64_t runId);  // every task
    std::vector<CurveRow> curve(std::int64_t runId);  // every series, in the order written
    std::optional<RunRecord> run(std::int64_t runId);
    // Cohorts with at least one complete run of `kind`, most recent run first.
    std::vector<std::string> cohortsWithRuns(const std::string& kind);
    void deleteRun(std::int64_t runId);

    Database& database() { return db_; }

private:
    RunRecord readRun(Statement& st) const;
    Database db_;
};

}  // namespace cb
