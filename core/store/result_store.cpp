#include "core/store/result_store.h"

#include "core/common/error.h"
#include "core/store/schema.h"

namespace cb {
namespace {

constexpr const char* kRunColumns =
    "id, key, kind, cohort_hash, model_key, weights_hash, architecture, context_length, attention, config_json, status, "
    "created_at, seconds, machine, runtime, error";


}  // namespace

ResultStore::ResultStore(const std::string& path) : db_(path) { migrateSchema(db_); }

ResultStore::ResultStore(const std::string& path, DatabaseAccess access) : db_(path, access) {
    if (access == DatabaseAccess::ReadWrite) {
        migrateSchema(db_);
        return;
    }
    const int version = schemaVersion(db_);
    if (version != kSchemaVersion)
        throw Error(path + ": result database has schema version " + std::to_string(version) + " and this ContextBench reads " +
                    std::to_string(kSchemaVersion) + (version > kSchemaVersion ? " (it was written by a newer ContextBench)"
                                                                               : "; it cannot be upgraded while it is read-only"));
}

std::unique_ptr<ResultStore> ResultStore::openForReading(const std::string& path) {
    try {
        return std::make_unique<ResultStore>(path);
    } catch (const Error& e) {
        // A file (or folder) this user may not write: read it as it is.
        const std::string what = e.what();
        if (what.find("readonly") == std::string::npos && what.find("read-only") == std::string::npos &&
            what.find("unable to open") == std::string::npos)
            throw;
        return std::make_unique<ResultStore>(path, DatabaseAccess::ReadOnly);
    }
}

void ResultStore::putCohort(const CohortRecord& c) {
    db_.prepare("INSERT OR REPLACE INTO cohorts (hash, name, source, patients, events, summary_json, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, c.hash)
        .bind(2, c.name)
        .bind(3, c.source)
        .bind(4, c.patients)
        .bind(5, c.events)
        .bind(6, c.summary.dump())
        .bind(7, nowIso8601())
        .run();
}

std::optional<CohortRecord> ResultStore::cohort(const std::string& hash) {
    auto st = db_.prepare("SELECT hash, name, source, patients, events, summary_json FROM cohorts WHERE hash = ?");
    st.bind(1, hash);
    if (!st.step()) return std::nullopt;
    return CohortRecord{st.text(0), st.text(1), st.text(2), st.int64(3), st.int64(4), nlohmann::json::parse(st.text(5))};
}

void ResultStore::putModel(const ModelRecord& m) {
    db_.prepare("INSERT OR REPLACE INTO models (key, weights_hash, cohort_hash, architecture, context_length, path, "
                "parameters, config_json, training_json, seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, m.key)
        .bind(2, m.weightsHash)
        .bind(3, m.cohortHash)
        .bind(4, m.architecture)
        .bind(5, m.contextLength)
        .bind(6, m.path)
        .bind(7, m.parameters)
        .bind(8, m.config.dump())
        .bind(9, m.training.dump())
        .bind(10, m.seconds)
        .bind(11, m.createdAt.empty() ? nowIso8601() : m.createdAt)
        .run();
}

namespace {

ModelRecord readModel(const Statement& st) {
    ModelRecord m;
    m.key = st.text(0);
    m.weightsHash = st.text(1);
    m.cohortHash = st.text(2);
    m.architecture = st.text(3);
    m.contextLength = static_cast<int>(st.int64(4));
    m.path = st.text(5);
    m.parameters = st.int64(6);
    m.config = nlohmann::json::parse(st.text(7));
    m.training = nlohmann::json::parse(st.text(8));
    m.seconds = st.real(9);
    m.createdAt = st.text(10);
    return m;
}

constexpr const char* kModelColumns =
    "key, weights_hash, cohort_hash, architecture, context_length, path, parameters, config_json, training_json, seconds, "
    "created_at";

}  // namespace

std::optional<ModelRecord> ResultStore::model(const std::string& key) {
    auto st = db_.prepare(std::string("SELECT ") + kModelColumns + " FROM models WHERE key = ?");
    st.bind(1, key);
    if (!st.step()) return std::nullopt;
    return readModel(st);
}

std::vector<ModelRecord> ResultStore::modelsForCohort(const std::string& cohortHash) {
    auto st = db_.prepare(std::string("SELECT ") + kModelColumns +
                          " FROM models WHERE cohort_hash = ? ORDER BY architecture, context_length");
    st.bind(1, cohortHash);
    std::vector<ModelRecord> out;
    while (st.step()) out.push_back(readModel(st));
    return out;
}

RunRecord ResultStore::readRun(Statement& st) const {
    RunRecord r;
    r.id = st.int64(0);
    r.key = st.text(1);
    r.kind = st.text(2);
    r.cohortHash = st.text(3);
    r.modelKey = st.text(4);
    r.weightsHash = st.text(5);
    r.architecture = st.text(6);
    r.contextLength = static_cast<int>(st.int64(7));
    r.attention = st.text(8);
    r.config = nlohmann::json::parse(st.text(9));
    r.status = st.text(10);
    r.createdAt = st.text(11);
    r.seconds = st.real(12);
    r.machine = st.text(13);
    r.runtime = st.text(14);
    r.error = st.text(15);
    return r;
}

namespace {

std::vector<PredictionRow> readPredictions(Statement& st) {
    std::vector<PredictionRow> out;
    while (st.step()) out.push_back({st.text(0), st.int64(1), st.int64(2), static_cast<int>(st.int64(3)), st.real(4)});
    return out;
}

}  // namespace

std::optional<RunRecord> ResultStore::completeRun(const std::string& key) {
    auto st = db_.prepare(std::string("SELECT ") + kRunColumns + " FROM runs WHERE key = ? AND status = 'complete'");
    st.bind(1, key);
    if (!st.step()) return std::nullopt;
    return readRun(st);
}

std::int64_t ResultStore::putCompleteRun(RunRecord run, const std::vector<MetricRow>& metrics,
                                         const std::vector<PredictionRow>& predictions, const std::vector<CurveRow>& curves) {
    Transaction tx(db_);
    db_.prepare("DELETE FROM runs WHERE key = ?").bind(1, run.key).run();
    db_.prepare("INSERT INTO runs (key, kind, cohort_hash, model_key, weights_hash, architecture, context_length, attention, "
                "config_json, status, created_at, seconds, machine, runtime, error) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'complete', ?, ?, ?, ?, NULL)")
        .bind(1, run.key)
        .bind(2, run.kind)
        .bind(3, run.cohortHash)
        .bind(4, run.modelKey)
        .bind(5, run.weightsHash)
        .bind(6, run.architecture)
        .bind(7, run.contextLength)
        .bind(8, run.attention)
        .bind(9, run.config.dump())
        .bind(10, run.createdAt.empty() ? nowIso8601() : run.createdAt)
        .bind(11, run.seconds)
        .bind(12, run.machine)
        .bind(13, run.runtime)
        .run();
    const auto id = db_.lastInsertId();
    auto metric = db_.prepare("INSERT INTO metrics (run_id, task, metric, value, ci_low, ci_high, n) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& m : metrics) {
        metric.reset();
        metric.bind(1, id).bind(2, m.task).bind(3, m.metric).bindOptional(4, m.value).bindOptional(5, m.low);
        metric.bindOptional(6, m.high).bind(7, m.n).run();
    }
    auto prediction = db_.prepare(
        "INSERT INTO predictions (run_id, task, subject_id, prediction_time, label, probability) VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& p : predictions) {
        prediction.reset();
        prediction.bind(1, id).bind(2, p.task).bind(3, p.subjectId).bind(4, p.predictionTime).bind(5, p.label);
        prediction.bind(6, p.probability).run();
    }
    auto point = db_.prepare("INSERT INTO curves (run_id, series, x, y, low, high, n) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& c : curves) {
        point.reset();
        point.bind(1, id).bind(2, c.series).bind(3, c.x).bindOptional(4, c.y).bindOptional(5, c.low).bindOptional(6, c.high);
        point.bind(7, c.n).run();
    }
    tx.commit();
    return id;
}

std::vector<RunRecord> ResultStore::runs(const std::string& cohortHash, const std::string& kind) {
    auto st = db_.prepare(std::string("SELECT ") + kRunColumns +
                          " FROM runs WHERE cohort_hash = ? AND kind = ? ORDER BY architecture, context_length, id");
    st.bind(1, cohortHash).bind(2, kind);
    std::vector<RunRecord> out;
    while (st.step()) out.push_back(readRun(st));
    return out;
}

std::vector<MetricRow> ResultStore::metrics(std::int64_t runId) {
    auto st = db_.prepare("SELECT task, metric, value, ci_low, ci_high, n FROM metrics WHERE run_id = ? ORDER BY rowid");
    st.bind(1, runId);
    std::vector<MetricRow> out;
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.optionalReal(2), st.optionalReal(3), st.optionalReal(4), st.int64(5)});
    return out;
}

std::vector<PredictionRow> ResultStore::predictions(std::int64_t runId, const std::string& task) {
    auto st = db_.prepare("SELECT task, subject_id, prediction_time, label, probability FROM predictions "
                          "WHERE run_id = ? AND task = ? ORDER BY rowid");
    st.bind(1, runId).bind(2, task);
    return readPredictions(st);
}

std::vector<PredictionRow> ResultStore::predictions(std::int64_t runId) {
    auto st = db_.prepare("SELECT task, subject_id, prediction_time, label, probability FROM predictions "
                          "WHERE run_id = ? ORDER BY rowid");
    st.bind(1, runId);
    return readPredictions(st);
}

std::vector<std::string> ResultStore::cohortsWithRuns(const std::string& kind) {
    auto st = db_.prepare("SELECT cohort_hash FROM runs WHERE kind = ? AND status = 'complete' "
                          "GROUP BY cohort_hash ORDER BY MAX(id) DESC");
    st.bind(1, kind);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

std::vector<CurveRow> ResultStore::curve(std::int64_t runId) {
    auto st = db_.prepare("SELECT series, x, y, low, high, n FROM curves WHERE run_id = ? ORDER BY rowid");
    st.bind(1, runId);
    std::vector<CurveRow> out;
    while (st.step()) out.push_back({st.text(0), st.real(1), st.optionalReal(2), st.optionalReal(3), st.optionalReal(4), st.int64(5)});
    return out;
}

std::optional<RunRecord> ResultStore::run(std::int64_t runId) {
    auto st = db_.prepare(std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?");
    st.bind(1, runId);
    if (!st.step()) return std::nullopt;
    return readRun(st);
}

void ResultStore::deleteRun(std::int64_t runId) { db_.prepare("DELETE FROM runs WHERE id = ?").bind(1, runId).run(); }

}  // namespace cb
