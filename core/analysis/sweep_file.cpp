#include "core/analysis/sweep_file.h"

#include "core/analysis/demo.h"
#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/io/atomic_file.h"

#include <set>

namespace cb {
namespace {

const std::set<std::string>& sweepFileKeys() {
    static const std::set<std::string> keys{"cohort", "cohort_options", "workspace", "attention", "distributed", "continue_on_error"};
    return keys;
}

int positiveSeconds(const nlohmann::json& json, const char* key, int fallback, const std::string& origin) {
    if (!json.contains(key)) return fallback;
    const auto& v = json[key];
    if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 7 * 24 * 3600)
        throw Error(origin + ": distributed." + key + " must be a whole number of seconds between 1 and 604800");
    return v.get<int>();
}

}  // namespace

nlohmann::json SweepFile::toJson() const {
    auto json = sweep.toJson();
    json.erase("attention");
    json["cohort"] = cohort;
    json["cohort_options"] = {{"splits", cohortOptions.splits}, {"labels", cohortOptions.labels}, {"strict", cohortOptions.strict}};
    json["workspace"] = workspace;
    json["attention"] = nlohmann::json::array();
    for (const auto& a : attention) json["attention"].push_back(a.toJson());
    json["distributed"] = {{"backend", backend}, {"timeout_seconds", timeoutSeconds}, {"connect_timeout_seconds", connectTimeoutSeconds}};
    json["continue_on_error"] = continueOnError;
    return json;
}

SweepFile SweepFile::fromJson(const nlohmann::json& json, const std::string& origin) {
    if (!json.is_object()) throw Error(origin + ": a sweep file is a JSON object");
    const ContextSweepConfig defaults;
    const auto known = defaults.toJson();
    for (const auto& [key, value] : json.items())
        if (!sweepFileKeys().count(key) && !known.contains(key)) throw Error(origin + ": unknown key '" + key + "'");

    SweepFile file;
    if (!json.contains("cohort") || !json["cohort"].is_string() || json["cohort"].get<std::string>().empty())
        throw Error(origin + ": 'cohort' (a MEDS folder, FEMR/EHRSHOT CSV, or synthetic:... spec) is required");
    file.cohort = json["cohort"].get<std::string>();
    if (!json.contains("workspace") || !json["workspace"].is_string() || json["workspace"].get<std::string>().empty())
        throw Error(origin + ": 'workspace' (the folder for results.sqlite and the models) is required");
    file.workspace = json["workspace"].get<std::string>();
    try {
        if (json.contains("cohort_options")) {
            const auto& o = json["cohort_options"];
            file.cohortOptions.splits = o.value("splits", std::string());
            file.cohortOptions.labels = o.value("labels", std::string());
            file.cohortOptions.strict = o.value("strict", false);
        }
        if (json.contains("attention")) {
            file.attention.clear();
            const auto& list = json["attention"].is_array() ? json["attention"] : nlohmann::json::array({json["attention"]});
            for (const auto& a : list) {
                auto spec = a.is_string() ? AttentionSpec::parse(a.get<std::string>()) : AttentionSpec::fromJson(a);
                spec.validate();
                file.attention.push_back(spec);
            }
            if (file.attention.empty()) throw Error("'attention' lists no variant");
        }
        if (json.contains("distributed")) {
            const auto& d = json["distributed"];
            file.backend = d.value("backend", file.backend);
            if (file.backend != "auto" && file.backend != "gloo" && file.backend != "nccl")
                throw Error("distributed.backend '" + file.backend + "' is not one of auto, gloo, nccl");
            file.timeoutSeconds = positiveSeconds(d, "timeout_seconds", file.timeoutSeconds, origin);
            file.connectTimeoutSeconds = positiveSeconds(d, "connect_timeout_seconds", file.connectTimeoutSeconds, origin);
        }
        file.continueOnError = json.value("continue_on_error", false);
        // Whatever the file leaves out is the demo's sweep.
        auto merged = DemoSettings{}.sweepConfig().toJson();
        auto patch = json;
        for (const auto& key : sweepFileKeys()) patch.erase(key);
        merged.merge_patch(patch);
        file.sweep = ContextSweepConfig::fromJson(merged);
    } catch (const nlohmann::json::exception& e) {
        throw Error(origin + ": " + e.what());
    } catch (const Error& e) {
        const std::string what = e.what();
        if (what.rfind(origin, 0) == 0) throw;
        throw Error(origin + ": " + what);
    }
    return file;
}

SweepFile SweepFile::read(const std::string& path) { return fromJson(readJsonFile(path, "sweep file"), path); }

void SweepFile::write(const std::string& path) const {
    writeFileAtomically(path, [&](std::ostream& out) { out << toJson().dump(2) << "\n"; });
}

}  // namespace cb
