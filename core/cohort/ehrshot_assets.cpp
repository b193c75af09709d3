#include "core/cohort/ehrshot_assets.h"

#include "core/cohort/femr_csv_reader.h"
#include "core/common/error.h"
#include "core/common/parse_number.h"
#include "core/common/time_parse.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unordered_map>

namespace fs = std::filesystem;

namespace cb {
namespace {

// A CSV with a header, read record by record; columns are found by name.
class CsvTable {
public:
    explicit CsvTable(const std::string& path) : path_(path), in_(path, std::ios::binary), reader_(in_) {
        if (!in_) throw Error(path + ": cannot open");
        if (!next()) throw Error(path + ": empty file, expected a header");
        header_ = fields_;
        if (!header_.empty() && header_[0].rfind("\xEF\xBB\xBF", 0) == 0) header_[0].erase(0, 3);  // BOM
    }

    // Index of the first of `names` present in the header; throws naming them all if none is.
    std::size_t column(std::initializer_list<const char*> names) const {
        for (const char* name : names) {
            const auto it = std::find(header_.begin(), header_.end(), name);
            if (it != header_.end()) return static_cast<std::size_t>(it - header_.begin());
        }
        std::string list;
        for (const char* name : names) list += std::string(list.empty() ? "" : " or ") + name;
        throw Error(path_ + ": missing column " + list);
    }

    bool next() {
        std::string error;
        if (!reader_.next(fields_, line_, error)) return false;
        if (!error.empty()) fail(error);
        return true;
    }
    const std::string& field(std::size_t column) const {
        if (column >= fields_.size()) fail("row has " + std::to_string(fields_.size()) + " fields, too few for the header");
        return fields_[column];
    }
    [[noreturn]] void fail(const std::string& why) const { throw Error(path_ + ":" + std::to_string(line_) + ": " + why); }

private:
    std::string path_;
    std::ifstream in_;
    CsvRecordReader reader_;
    std::vector<std::string> header_, fields_;
    std::size_t line_ = 0;
};

std::unordered_map<std::int64_t, std::uint32_t> indexBySubject(const Cohort& cohort) {
    std::unordered_map<std::int64_t, std::uint32_t> index;
    index.reserve(cohort.numPatients());
    for (std::size_t p = 0; p < cohort.numPatients(); ++p) index.emplace(cohort.subjectIds[p], static_cast<std::uint32_t>(p));
    return index;
}

std::uint32_t patientOf(const CsvTable& table, const std::unordered_map<std::int64_t, std::uint32_t>& index,
                        const std::string& text) {
    const auto id = parseInteger<std::int64_t>(text);
    if (!id) table.fail("patient id '" + text + "' is not an integer");
    const auto it = index.find(*id);
    if (it == index.end()) table.fail("patient " + text + " is not in the cohort");
    return it->second;
}

Split splitFromName(const CsvTable& table, const std::string& name) {
    if (name == "val" || name == "valid" || name == "validation") return Split::Tuning;
    if (name == "test") return Split::HeldOut;
    try {
        return parseSplit(name);
    } catch (const Error&) {
        table.fail("unknown split '" + name + "' (expected train, val or test)");
    }
}

int labelValue(const CsvTable& table, const std::string& text) {
    if (text == "True" || text == "true" || text == "1") return 1;
    if (text == "False" || text == "false" || text == "0") return 0;
    const auto v = parseInteger<int>(text);
    if (!v || *v < 0) table.fail("label value '" + text + "' is neither True/False nor a class number");
    return *v;
}

TaskLabels readTask(const std::string& path, const std::string& task,
                    const std::unordered_map<std::int64_t, std::uint32_t>& index) {
    CsvTable table(path);
    const auto patient = table.column({"patient_id", "subject_id"});
    const auto time = table.column({"prediction_time"});
    const auto value = table.column({"value", "boolean_value", "integer_value"});
    TaskLabels labels{task, {}};
    while (table.next()) {
        const auto when = parseDateTime(table.field(time));
        if (!when) table.fail("prediction_time '" + table.field(time) + "' is not a date-time");
        labels.labels.push_back({patientOf(table, index, table.field(patient)), *when, labelValue(table, table.field(value))});
    }
    return labels;
}

}  // namespace

void readEhrshotSplits(const std::string& path, Cohort& cohort) {
    CsvTable table(path);
    const auto patient = table.column({"omop_person_id", "patient_id", "subject_id", "person_id"});
    const auto split = table.column({"split"});
    const auto index = indexBySubject(cohort);
    std::vector<Split> splits(cohort.numPatients(), Split::Train);
    std::vector<bool> listed(cohort.numPatients(), false);
    while (table.next()) {
        const std::string& id = table.field(patient);
        const auto parsed = parseInteger<std::int64_t>(id);
        if (!parsed) table.fail("patient id '" + id + "' is not an integer");
        const auto it = index.find(*parsed);
        if (it == index.end()) continue;  // the map covers all of EHRSHOT; a subset cohort is fine
        splits[it->second] = splitFromName(table, table.field(split));
        listed[it->second] = true;
    }
    const auto missing = std::count(listed.begin(), listed.end(), false);
    if (missing > 0) {
        const auto first = static_cast<std::size_t>(std::find(listed.begin(), listed.end(), false) - listed.begin());
        throw Error(path + ": " + std::to_string(missing) + " patients of the cohort have no split (first: " +
                    std::to_string(cohort.subjectIds[first]) + ")");
    }
    cohort.splits = std::move(splits);
}

void readEhrshotLabels(const std::string& folder, Cohort& cohort) {
    if (!fs::is_directory(folder)) throw Error(folder + ": no such label folder");
    std::vector<fs::path> tasks;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_directory() && fs::exists(entry.path() / "labeled_patients.csv")) tasks.push_back(entry.path());
    if (tasks.empty()) throw Error(folder + ": no <task>/labeled_patients.csv inside");
    std::sort(tasks.begin(), tasks.end());
    const auto index = indexBySubject(cohort);
    std::vector<TaskLabels> read;
    for (const auto& dir : tasks) {
        const auto name = dir.filename().string();
        if (cohort.findTask(name)) throw Error((dir / "labeled_patients.csv").string() + ": task '" + name + "' is already loaded");
        read.push_back(readTask((dir / "labeled_patients.csv").string(), name, index));
    }
    for (auto& t : read) cohort.tasks.push_back(std::move(t));  // all or nothing
}

void assignSplitsByHash(Cohort& cohort, std::uint64_t seed) {
    cohort.splits.resize(cohort.numPatients());
    for (std::size_t p = 0; p < cohort.numPatients(); ++p) {
        // splitmix64 finaliser: ids are often consecutive, their hashes must not be.
        std::uint64_t z = static_cast<std::uint64_t>(cohort.subjectIds[p]) + seed + 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        const auto bucket = z % 100;
        cohort.splits[p] = bucket < 70 ? Split::Train : (bucket < 85 ? Split::Tuning : Split::HeldOut);
    }
}

}  // namespace cb
