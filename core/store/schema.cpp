#include "core/store/schema.h"

#include "core/common/error.h"
#include "core/store/database.h"

#include <string>
#include <vector>

namespace cb {
namespace {

// Index i migrates version i to version i + 1. Append only: a released migration never changes.
const std::vector<std::string>& migrations() {
    static const std::vector<std::string> steps = {
        R"sql(
        CREATE TABLE cohorts (
            hash TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            source TEXT NOT NULL,
            patients INTEGER NOT NULL,
            events INTEGER NOT NULL,
            summary_json TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE models (
            key TEXT PRIMARY KEY,
            weights_hash TEXT NOT NULL,
            cohort_hash TEXT NOT NULL,
            architecture TEXT NOT NULL,
            context_length INTEGER NOT NULL,
            path TEXT NOT NULL,
            parameters INTEGER NOT NULL,
            config_json TEXT NOT NULL,
            training_json TEXT NOT NULL,
            seconds REAL NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            cohort_hash TEXT NOT NULL,
            model_key TEXT,
            weights_hash TEXT,
            architecture TEXT,
            context_length INTEGER,
            attention TEXT NOT NULL,
            config_json TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('complete', 'failed')),
            created_at TEXT NOT NULL,
            seconds REAL NOT NULL,
            machine TEXT NOT NULL,
            runtime TEXT NOT NULL,
            error TEXT
        );
        CREATE INDEX runs_by_cohort ON runs (cohort_hash, kind);
        CREATE TABLE metrics (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            task TEXT NOT NULL,
            metric TEXT NOT NULL,
            value REAL,
            ci_low REAL,
            ci_high REAL,
            n INTEGER NOT NULL,
            PRIMARY KEY (run_id, task, metric)
        );
        CREATE TABLE predictions (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            task TEXT NOT NULL,
            subject_id INTEGER NOT NULL,
            prediction_time INTEGER NOT NULL,
            label INTEGER NOT NULL,
            probability REAL NOT NULL
        );
        CREATE INDEX predictions_by_run ON predictions (run_id, task);
        )sql",
        // 1 -> 2: EHR properties of every labelled (subject, prediction time), per cohort, so a
        // stratification needs only the database.
        R"sql(
        CREATE TABLE example_properties (
            cohort_hash TEXT NOT NULL,
            subject_id INTEGER NOT NULL,
            prediction_time INTEGER NOT NULL,
            events INTEGER NOT NULL,
            tokens INTEGER NOT NULL,
            rr1 REAL NOT NULL, rr2 REAL NOT NULL, rr3 REAL NOT NULL, rr4 REAL NOT NULL, rr_geomean REAL NOT NULL,
            gap_std REAL, gap_mean REAL, gap_iqr REAL,
            PRIMARY KEY (cohort_hash, subject_id, prediction_time)
        ) WITHOUT ROWID;
        )sql",
        // 2 -> 3: curves (the per-position perplexity of a run), and a covering index of metrics by
        // task, so the results browser reads one task's metric for every run in a single index scan.
        R"sql(
        CREATE TABLE curves (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            series TEXT NOT NULL,
            x REAL NOT NULL,
            y REAL,
            low REAL,
            high REAL,
            n INTEGER NOT NULL
        );
        CREATE INDEX curves_by_run ON curves (run_id, series);
        CREATE INDEX metrics_by_task ON metrics (task, metric, run_id, value, ci_low, ci_high);
        )sql",
    };
    return steps;
}

}  // namespace

int schemaVersion(Database& db) {
    auto st = db.prepare("PRAGMA user_version");
    st.step();
    return static_cast<int>(st.int64(0));
}

void migrateSchema(Database& db) {
    const auto& steps = migrations();
    static_assert(kSchemaVersion >= 1);
    for (;;) {
        // The version is read under the write lock, so two connections opening a new file at once
        // (a GUI and its worker, two processes) never both run the same migration.
        Transaction tx(db);
        const int version = schemaVersion(db);
        if (version > static_cast<int>(steps.size()))
            throw Error(db.path() + ": result database has schema version " + std::to_string(version) +
                        ", newer than this ContextBench understands (" + std::to_string(steps.size()) + ")");
        if (version == static_cast<int>(steps.size())) return;
        db.exec(steps[static_cast<std::size_t>(version)]);
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
        tx.commit();
    }
}

}  // namespace cb
