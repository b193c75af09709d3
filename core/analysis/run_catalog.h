#pragma once

#include "core/store/result_store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cb {

// One row of the results browser: a run with what it was made from, read in one query so that
// listing a cache of thousands of runs stays interactive.
struct RunListing {
    std::int64_t id = 0;
    std::string key, kind, status;
    std::string cohortHash, cohortName;
    std::string modelKey, modelPath;
    bool modelMissing = false;  // the model folder the run used is gone; its numbers still plot
    std::string architecture;
    int contextLength = 0;
    std::string attention;
    std::string createdAt;
    double seconds = 0.0;
    std::string machine, runtime, error;
    std::optional<double> meanAuroc, meanAurocLow, meanAurocHigh;  // context_auroc runs
};

struct MetricValue {
    std::optional<double> value, low, high;
};

using MetricsByRun = std::unordered_map<std::int64_t, MetricValue>;

// Every run in the store, newest first.
std::vector<RunListing> listRuns(ResultStore& store);
// One task's metric ("auroc", "auprc", "brier") for every run that has it, keyed by run id.
MetricsByRun metricOfRuns(ResultStore& store, const std::string& task, const std::string& metric);
// The task names evaluation runs hold metrics for, sorted.
std::vector<std::string> storedTasks(ResultStore& store);
// How a run was made: the run row with its config, the model and the cohort records, and its metrics.
nlohmann::json runProvenance(ResultStore& store, std::int64_t runId);
// Deletes the runs (with their metrics, predictions and curves) in one transaction; unknown ids are
// an error naming them, and then nothing is deleted.
void deleteRuns(ResultStore& store, const std::vector<std::int64_t>& runIds);

// A selection of runs as the CLI writes it: comma-separated clauses key=value, where a value may list
// alternatives with '|', e.g. "architecture=llama,context=512|4096". Keys: run (ids), kind, cohort
// (name or hash prefix), architecture and attention (case-insensitive prefixes of the HF class name and
// of the label, so "llama" and "cca" select families), context, status. An unknown key is an error;
// an empty filter keeps every run.
struct RunFilter {
    std::map<std::string, std::vector<std::string>> clauses;
    static RunFilter parse(const std::string& text);
    bool matches(const RunListing& run) const;
};

std::vector<RunListing> filterRuns(const std::vector<RunListing>& runs, const RunFilter& filter);

}  // namespace cb
