#include "core/cohort/cohort_source.h"

#include "core/cohort/ehrshot_assets.h"
#include "core/cohort/femr_csv_reader.h"
#include "core/cohort/meds_reader.h"
#include "core/cohort/synthetic_generator.h"
#include "core/common/error.h"
#include "core/common/parse_number.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace cb {
namespace {

constexpr const char* kSyntheticPrefix = "synthetic";

nlohmann::json badRowsJson(const FemrCsvReport& report) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : report.badRows) rows.push_back({{"file", r.file}, {"line", r.line}, {"reason", r.reason}});
    return rows;
}

bool hasCsvFiles(const fs::path& folder) {
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file() && entry.path().extension() == ".csv") return true;
    return false;
}

}  // namespace

bool isSyntheticSpec(const std::string& spec) {
    return spec == kSyntheticPrefix || spec.rfind(std::string(kSyntheticPrefix) + ":", 0) == 0;
}

SyntheticConfig parseSyntheticSpec(const std::string& spec) {
    if (!isSyntheticSpec(spec)) throw Error("'" + spec + "' is not a synthetic cohort spec");
    nlohmann::json knobs = SyntheticConfig{}.toJson();
    const std::string body = spec.size() > 9 ? spec.substr(10) : std::string();
    std::size_t start = 0;
    while (start < body.size()) {
        const auto end = std::min(body.find(',', start), body.size());
        const std::string item = body.substr(start, end - start);
        start = end + 1;
        const auto eq = item.find('=');
        if (eq == std::string::npos) throw Error("synthetic cohort spec: '" + item + "' is not key=value");
        const std::string key = item.substr(0, eq), text = item.substr(eq + 1);
        if (!knobs.contains(key)) {
            std::string known;
            for (const auto& [name, v] : knobs.items()) known += (known.empty() ? "" : ", ") + name;
            throw Error("synthetic cohort spec: unknown knob '" + key + "' (known: " + known + ")");
        }
        if (knobs[key].is_number_integer() || knobs[key].is_number_unsigned()) {
            const auto v = parseInteger<std::int64_t>(text);
            if (!v) throw Error("synthetic cohort spec: " + key + " expects an integer, got '" + text + "'");
            knobs[key] = *v;
        } else {
            std::size_t used = 0;
            double v = 0.0;
            try {
                v = std::stod(text, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != text.size() || text.empty())
                throw Error("synthetic cohort spec: " + key + " expects a number, got '" + text + "'");
            knobs[key] = v;
        }
    }
    return SyntheticConfig::fromJson(knobs);
}

std::string syntheticSpecOf(const SyntheticConfig& config) {
    const auto defaults = SyntheticConfig{}.toJson();
    const auto knobs = config.toJson();
    std::string spec = kSyntheticPrefix;
    char separator = ':';
    for (const auto& [key, value] : knobs.items()) {
        if (defaults.contains(key) && defaults[key] == value) continue;
        spec += separator + key + "=" + value.dump();
        separator = ',';
    }
    return spec;
}

LoadedCohort loadCohort(const std::string& spec, const CohortSourceOptions& options, const JobContext& job) {
    LoadedCohort out;
    if (isSyntheticSpec(spec)) {
        const auto config = parseSyntheticSpec(spec);
        out.cohort = generateSyntheticCohort(config, job);
        out.format = "synthetic";
        out.report["generator"] = config.toJson();
        return out;
    }
    const fs::path path(spec);
    if (!fs::exists(path)) throw Error(spec + ": no such file or folder (nor a 'synthetic:...' spec)");
    if (fs::is_directory(path) && fs::is_directory(path / "data")) {
        out.cohort = readMedsDataset(spec, job);
        out.format = "meds";
        return out;
    }
    const bool csv = fs::is_regular_file(path) ? path.extension() == ".csv" : hasCsvFiles(path);
    if (!csv)
        throw Error(spec + ": neither a MEDS folder (with data/), a FEMR CSV file, nor a folder of CSV files");
    FemrCsvOptions csvOptions;
    csvOptions.strict = options.strict;
    auto result = readFemrCsv(spec, csvOptions, job);
    out.cohort = std::move(result.cohort);
    out.format = "femr_csv";
    out.report["rows"] = result.report.rows;
    out.report["bad_rows"] = result.report.badRowCount;
    out.report["bad_row_examples"] = badRowsJson(result.report);
    if (!options.splits.empty()) {
        readEhrshotSplits(options.splits, out.cohort);
        out.report["splits"] = options.splits;
    } else {
        assignSplitsByHash(out.cohort);
        out.report["splits"] = "hash of subject id, 70/15/15";
    }
    if (!options.labels.empty()) readEhrshotLabels(options.labels, out.cohort);
    return out;
}

}  // namespace cb
