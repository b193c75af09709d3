#include "core/analysis/run_catalog.h"

#include "core/analysis/run_kinds.h"
#include "core/common/error.h"
#include "core/common/parse_number.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <unordered_map>

namespace cb {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool startsWithNoCase(const std::string& text, const std::string& prefix) {
    return lower(text).rfind(lower(prefix), 0) == 0;
}

}  // namespace

std::vector<RunListing> listRuns(ResultStore& store) {
    // Scans rather than joins: the mean AUROC of every run comes from the covering index of metrics by
    // task in one pass, and cohort names and model paths from their (small) tables, where joins would
    // search each once per run.
    const auto means = metricOfRuns(store, kMeanOverTasks, "auroc");
    std::unordered_map<std::string, std::string> cohortNames, modelPaths;
    for (auto c = store.database().prepare("SELECT hash, name FROM cohorts"); c.step();) cohortNames.emplace(c.text(0), c.text(1));
    for (auto m = store.database().prepare("SELECT key, path FROM models"); m.step();) modelPaths.emplace(m.text(0), m.text(1));
    auto st = store.database().prepare(
        "SELECT id, key, kind, status, cohort_hash, COALESCE(model_key, ''), COALESCE(architecture, ''), "
        "COALESCE(context_length, 0), attention, created_at, seconds, machine, runtime, COALESCE(error, '') "
        "FROM runs ORDER BY id DESC");
    auto lookup = [](const std::unordered_map<std::string, std::string>& table, const std::string& key) {
        const auto it = table.find(key);
        return it == table.end() ? std::string() : it->second;
    };
    std::vector<RunListing> out;
    // Many runs share a model: each folder is looked at once.
    std::unordered_map<std::string, bool> present;
    while (st.step()) {
        RunListing r;
        r.id = st.int64(0);
        r.key = st.text(1);
        r.kind = st.text(2);
        r.status = st.text(3);
        r.cohortHash = st.text(4);
        r.cohortName = lookup(cohortNames, r.cohortHash);
        r.modelKey = st.text(5);
        r.modelPath = lookup(modelPaths, r.modelKey);
        r.architecture = st.text(6);
        r.contextLength = static_cast<int>(st.int64(7));
        r.attention = st.text(8);
        r.createdAt = st.text(9);
        r.seconds = st.real(10);
        r.machine = st.text(11);
        r.runtime = st.text(12);
        r.error = st.text(13);
        if (const auto it = means.find(r.id); it != means.end()) {
            r.meanAuroc = it->second.value;
            r.meanAurocLow = it->second.low;
            r.meanAurocHigh = it->second.high;
        }
        if (!r.modelPath.empty()) {
            auto [it, fresh] = present.try_emplace(r.modelPath, false);
            if (fresh) {
                std::error_code ec;
                it->second = std::filesystem::exists(r.modelPath, ec);
            }
            r.modelMissing = !it->second;
        }
        out.push_back(std::move(r));
    }
    return out;
}

MetricsByRun metricOfRuns(ResultStore& store, const std::string& task, const std::string& metric) {
    auto st = store.database().prepare(
        "SELECT run_id, value, ci_low, ci_high FROM metrics INDEXED BY metrics_by_task WHERE task = ? AND metric = ?");
    st.bind(1, task).bind(2, metric);
    MetricsByRun out;
    while (st.step()) out.emplace(st.int64(0), MetricValue{st.optionalReal(1), st.optionalReal(2), st.optionalReal(3)});
    return out;
}

std::vector<std::string> storedTasks(ResultStore& store) {
    auto st = store.database().prepare("SELECT DISTINCT task FROM metrics WHERE task != ? ORDER BY task");
    st.bind(1, kMeanOverTasks);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

nlohmann::json runProvenance(ResultStore& store, std::int64_t runId) {
    const auto run = store.run(runId);
    if (!run) throw Error(store.database().path() + ": no run with id " + std::to_string(runId));
    nlohmann::json out = {{"run",
                           {{"id", run->id},
                            {"key", run->key},
                            {"kind", run->kind},
                            {"status", run->status},
                            {"architecture", run->architecture},
                            {"context", run->contextLength},
                            {"attention", run->attention},
                            {"created_at", run->createdAt},
                            {"seconds", run->seconds},
                            {"machine", run->machine},
                            {"runtime", run->runtime},
                            {"weights_hash", run->weightsHash},
                            {"model_key", run->modelKey},
                            {"cohort_hash", run->cohortHash},
                            {"config", run->config}}}};
    if (!run->error.empty()) out["run"]["error"] = run->error;
    if (const auto model = store.model(run->modelKey)) {
        std::error_code ec;
        out["model"] = {{"key", model->key},
                        {"path", model->path},
                        {"present", std::filesystem::exists(model->path, ec)},
                        {"weights_hash", model->weightsHash},
                        {"architecture", model->architecture},
                        {"context", model->contextLength},
                        {"parameters", model->parameters},
                        {"seconds", model->seconds},
                        {"created_at", model->createdAt},
                        {"training", model->training}};
    }
    if (const auto cohort = store.cohort(run->cohortHash))
        out["cohort"] = {{"hash", cohort->hash}, {"name", cohort->name}, {"source", cohort->source},
                         {"patients", cohort->patients}, {"events", cohort->events}};
    return out;
}

void deleteRuns(ResultStore& store, const std::vector<std::int64_t>& runIds) {
    auto& db = store.database();
    Transaction tx(db);
    std::vector<std::int64_t> unknown;
    auto exists = db.prepare("SELECT 1 FROM runs WHERE id = ?");
    for (const auto id : runIds) {
        exists.reset();
        exists.bind(1, id);
        if (!exists.step()) unknown.push_back(id);
    }
    if (!unknown.empty()) {
        std::string list;
        for (const auto id : unknown) list += (list.empty() ? "" : ", ") + std::to_string(id);
        throw Error(db.path() + ": no run with id " + list + "; nothing was deleted");
    }
    auto remove = db.prepare("DELETE FROM runs WHERE id = ?");
    for (const auto id : runIds) {
        remove.reset();
        remove.bind(1, id).run();
    }
    tx.commit();
}

RunFilter RunFilter::parse(const std::string& text) {
    static const std::set<std::string> keys = {"run", "kind", "cohort", "architecture", "context", "attention", "status"};
    RunFilter filter;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        const auto clause = text.substr(start, end - start);
        start = end + 1;
        if (clause.empty()) continue;
        const auto eq = clause.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == clause.size())
            throw Error("filter clause '" + clause + "' is not key=value");
        const auto key = clause.substr(0, eq);
        if (!keys.count(key))
            throw Error("filter key '" + key + "' is unknown (expected run, kind, cohort, architecture, context, attention or status)");
        auto& values = filter.clauses[key];
        std::size_t from = eq + 1;
        while (from <= clause.size()) {
            auto bar = clause.find('|', from);
            if (bar == std::string::npos) bar = clause.size();
            const auto value = clause.substr(from, bar - from);
            if (value.empty()) throw Error("filter clause '" + clause + "' has an empty alternative");
            if ((key == "run" || key == "context") && !parseInteger<std::int64_t>(value))
                throw Error("filter " + key + " '" + value + "' is not a whole number");
            values.push_back(value);
            from = bar + 1;
        }
    }
    return filter;
}

bool RunFilter::matches(const RunListing& run) const {
    for (const auto& [key, values] : clauses) {
        const bool any = std::any_of(values.begin(), values.end(), [&](const std::string& v) {
            if (key == "run") return std::to_string(run.id) == v;
            if (key == "kind") return run.kind == v;
            if (key == "status") return run.status == v;
            if (key == "context") return std::to_string(run.contextLength) == v;
            if (key == "cohort") return run.cohortName == v || run.cohortHash.rfind(v, 0) == 0;
            if (key == "architecture") return startsWithNoCase(run.architecture, v);
            return startsWithNoCase(run.attention, v);  // attention
        });
        if (!any) return false;
    }
    return true;
}

std::vector<RunListing> filterRuns(const std::vector<RunListing>& runs, const RunFilter& filter) {
    std::vector<RunListing> out;
    std::copy_if(runs.begin(), runs.end(), std::back_inserter(out), [&](const RunListing& r) { return filter.matches(r); });
    return out;
}

}  // namespace cb
