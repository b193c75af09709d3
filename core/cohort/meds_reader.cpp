#include "core/cohort/meds_reader.h"

#include "core/common/error.h"
#include "core/common/utf8.h"
#include "core/io/parquet_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <unordered_map>

namespace cb {
namespace {

namespace fs = std::filesystem;
constexpr std::uint32_t kUnmapped = std::numeric_limits<std::uint32_t>::max();

std::vector<std::string> parquetFilesUnder(const fs::path& root) {
    std::vector<std::string> files;
    std::error_code error;
    for (fs::recursive_directory_iterator it(root, error), end; !error && it != end; it.increment(error))
        if (it->is_regular_file() && it->path().extension() == ".parquet") files.push_back(it->path().string());
    if (error) throw Error(root.string() + ": cannot list folder (" + error.message() + ")");
    std::sort(files.begin(), files.end());
    return files;
}

// A flat column the caller needs; null when optional and absent.
const ParquetColumnInfo* column(const ParquetFile& file, const std::string& name, bool required,
                                std::initializer_list<PhysicalType> types, const char* expected) {
    const auto* info = file.findColumn(name);
    if (!info) {
        if (required) throw Error(file.path() + ": required column '" + name + "' is missing");
        return nullptr;
    }
    if (info->nested || std::find(types.begin(), types.end(), info->type) == types.end())
        throw Error(file.path() + ": column '" + name + "' has type " + toString(info->type) +
                    (info->nested ? " (nested)" : "") + ", expected " + expected);
    return info;
}

const ParquetColumnInfo* integerColumn(const ParquetFile& file, const std::string& name) {
    return column(file, name, true, {PhysicalType::Int64, PhysicalType::Int32}, "an integer");
}

const ParquetColumnInfo* timestampColumn(const ParquetFile& file, const std::string& name) {
    const auto* info = column(file, name, true, {PhysicalType::Int64}, "a timestamp");
    if (info->timeUnit == TimeUnit::None)
        throw Error(file.path() + ": column '" + name + "' is INT64 without a timestamp annotation");
    return info;
}

std::string describeTime(TimeUs time) { return time == kStaticTime ? "null (static)" : formatTime(time); }

// Events of every shard in file order, before subjects are put in subject_id order.
struct Staging {
    struct Subject {
        std::int64_t id = 0;
        std::size_t begin = 0;
        std::size_t end = 0;
        std::size_t shard = 0;
    };
    std::vector<TimeUs> time;
    std::vector<std::uint32_t> code;
    std::vector<float> value;
    std::vector<std::uint32_t> text;
    StringTable codes;
    StringTable texts;  // id 0 is "no text", as in Cohort
    std::vector<Subject> subjects;
    std::unordered_map<std::int64_t, std::size_t> shardOf;

    Staging() { texts.intern(""); }
};

void readShard(const std::string& path, std::size_t shard, const std::vector<std::string>& shards, Staging& staging) {
    const ParquetFile file(path);
    const auto& subjectInfo = *integerColumn(file, "subject_id");
    timestampColumn(file, "time");
    column(file, "code", true, {PhysicalType::ByteArray}, "a string");
    const auto* valueInfo = column(file, "numeric_value", false, {PhysicalType::Float, PhysicalType::Double}, "a float");
    const auto* textInfo = column(file, "text_value", false, {PhysicalType::ByteArray}, "a string");

    // Row group by row group: a shard of 30M rows decoded whole would cost more than the cohort.
    TimeUs previous = kStaticTime;
    std::size_t firstRow = 0;
    for (std::size_t group = 0; group < file.numRowGroups(); ++group) {
        const auto subjects = file.readColumn(subjectInfo.name, group);
        const auto times = file.readColumn("time", group);
        const auto codes = file.readColumn("code", group);
        const auto values = valueInfo ? file.readColumn(valueInfo->name, group) : ParquetColumnData{};
        const auto texts = textInfo ? file.readColumn(textInfo->name, group) : ParquetColumnData{};

        std::vector<std::uint32_t> codeIds(codes.strings.size());
        for (std::size_t i = 0; i < codeIds.size(); ++i) {
            if (!isValidUtf8(codes.strings[i]))
                throw Error(path + ": row group " + std::to_string(group) + ", column 'code': a value is not valid UTF-8");
            codeIds[i] = staging.codes.intern(codes.strings[i]);
        }
        std::vector<std::uint32_t> textIds(texts.strings.size());
        for (std::size_t i = 0; i < textIds.size(); ++i) textIds[i] = staging.texts.intern(texts.strings[i]);

        const std::size_t rows = subjects.size();
        for (std::size_t r = 0; r < rows; ++r) {
            // Built only on failure: shards hold millions of rows.
            const auto at = [&] {
                return path + ": row " + std::to_string(firstRow + r) + " (row group " + std::to_string(group) + ")";
            };
            if (!subjects.isValid(r)) throw Error(at() + ": subject_id is null");
            const std::int64_t id = subjects.ints[r];
            if (staging.subjects.empty() || staging.subjects.back().shard != shard || id != staging.subjects.back().id) {
                if (const auto it = staging.shardOf.find(id); it != staging.shardOf.end()) {
                    if (it->second == shard)
                        throw Error(at() + ": subject " + std::to_string(id) +
                                    " reappears after other subjects; a shard must keep each subject's rows together");
                    throw Error(at() + ": subject " + std::to_string(id) + " also appears in " + shards[it->second] +
                                "; a subject must live in one shard");
                }
                if (!staging.subjects.empty()) staging.subjects.back().end = staging.time.size();
                staging.subjects.push_back({id, staging.time.size(), staging.time.size(), shard});
                staging.shardOf.emplace(id, shard);
                previous = kStaticTime;
            }
            const TimeUs time = times.isValid(r) ? times.ints[r] : kStaticTime;
            if (time < previous)
                throw Error(at() + ": subject " + std::to_string(id) + " has time " + describeTime(time) + " after a row at " +
                            describeTime(previous) + "; rows must be sorted by time within a subject");
            previous = time;
            if (!codes.isValid(r)) throw Error(at() + ": code is null");
            staging.time.push_back(time);
            staging.code.push_back(codeIds[codes.stringIds[r]]);
            staging.value.push_back(valueInfo && values.isValid(r) ? static_cast<float>(values.reals[r]) : kNoValue);
            staging.text.push_back(textInfo && texts.isValid(r) ? textIds[texts.stringIds[r]] : kNoText);
        }
        firstRow += rows;
    }
    if (!staging.subjects.empty()) staging.subjects.back().end = staging.time.size();
}

// Gathers a column in subject order, one temporary column at a time.
template <typename T>
void reorder(std::vector<T>& column, const std::vector<Staging::Subject>& subjects) {
    std::vector<T> out;
    out.reserve(column.size());
    for (const auto& s : subjects) out.insert(out.end(), column.begin() + s.begin, column.begin() + s.end);
    column.swap(out);
}

nlohmann::json readDatasetJson(const fs::path& folder) {
    const fs::path path = folder / "metadata" / "dataset.json";
    if (!fs::exists(path)) return nlohmann::json::object();
    std::ifstream in(path);
    try {
        auto json = nlohmann::json::parse(in);
        if (!json.is_object()) throw Error(path.string() + ": not a JSON object");
        return json;
    } catch (const nlohmann::json::exception& e) {
        throw Error(path.string() + ": invalid JSON (" + e.what() + ")");
    }
}

void readCodeMetadata(const fs::path& folder, Cohort& cohort) {
    const fs::path path = folder / "metadata" / "codes.parquet";
    if (!fs::exists(path)) return;
    const ParquetFile file(path.string());
    column(file, "code", true, {PhysicalType::ByteArray}, "a string");
    const auto codes = file.readColumn("code");
    for (std::size_t r = 0; r < codes.size(); ++r)
        if (codes.isValid(r)) cohort.codes.intern(codes.string(r));
}

void readSplits(const fs::path& folder, Cohort& cohort) {
    const fs::path path = folder / "metadata" / "subject_splits.parquet";
    if (!fs::exists(path)) {
        cohort.splits.assign(cohort.numPatients(), Split::Train);
        return;
    }
    const ParquetFile file(path.string());
    integerColumn(file, "subject_id");
    column(file, "split", true, {PhysicalType::ByteArray}, "a string");
    const auto ids = file.readColumn("subject_id");
    const auto names = file.readColumn("split");
    std::vector<Split> byName(names.strings.size());
    for (std::size_t i = 0; i < byName.size(); ++i) {
        try {
            byName[i] = parseSplit(names.strings[i]);
        } catch (const Error& e) {
            throw Error(path.string() + ": " + e.what());
        }
    }
    std::unordered_map<std::int64_t, Split> splitOf;
    for (std::size_t r = 0; r < ids.size(); ++r) {
        if (!ids.isValid(r) || !names.isValid(r))
            throw Error(path.string() + ": row " + std::to_string(r) + ": null subject_id or split");
        const auto [it, added] = splitOf.emplace(ids.ints[r], byName[names.stringIds[r]]);
        if (!added && it->second != byName[names.stringIds[r]])
            throw Error(path.string() + ": row " + std::to_string(r) + ": subject " + std::to_string(ids.ints[r]) +
                        " is listed in two splits");
    }
    std::vector<std::int64_t> missing;
    cohort.splits.clear();
    for (const auto id : cohort.subjectIds) {
        const auto it = splitOf.find(id);
        if (it == splitOf.end()) missing.push_back(id);
        cohort.splits.push_back(it == splitOf.end() ? Split::Train : it->second);
    }
    if (missing.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 10; ++i) list += (i ? ", " : "") + std::to_string(missing[i]);
    if (missing.size() > 10) list += ", ...";
    throw Error(path.string() + ": " + std::to_string(missing.size()) + " subject(s) of the data have no split: " + list);
}

void readTasks(const fs::path& folder, const nlohmann::json& dataset, Cohort& cohort) {
    const fs::path root = folder / kMedsTaskLabelsFolder;
    if (!fs::is_directory(root)) return;
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(root))
        if (entry.is_directory()) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    std::vector<std::string> order;
    const auto* listed = dataset.contains("contextbench") && dataset["contextbench"].is_object() &&
                                 dataset["contextbench"].contains("tasks") && dataset["contextbench"]["tasks"].is_array()
                             ? &dataset["contextbench"]["tasks"]
                             : nullptr;
    if (listed)
        for (const auto& task : *listed)
            if (task.is_string() && std::find(names.begin(), names.end(), task.get<std::string>()) != names.end())
                order.push_back(task.get<std::string>());
    for (const auto& name : names)
        if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
    for (const auto& name : order) readMedsLabels((root / name).string(), cohort, name);
}

}  // namespace

Cohort readMedsDataset(const std::string& folder, const JobContext& job) {
    const fs::path root(folder);
    if (!fs::is_directory(root)) throw Error(folder + ": not a folder");
    if (!fs::is_directory(root / "data")) throw Error(folder + ": no data/ folder (is this a MEDS dataset?)");
    const auto shards = parquetFilesUnder(root / "data");
    if (shards.empty()) throw Error(folder + ": no parquet files under data/");

    Cohort cohort;
    const auto dataset = readDatasetJson(root);
    cohort.name = dataset.contains("dataset_name") && dataset["dataset_name"].is_string()
                      ? dataset["dataset_name"].get<std::string>()
                      : root.filename().string();
    cohort.source = folder;
    readCodeMetadata(root, cohort);

    Staging staging;
    // Sized from the footers up front, so the columns never grow by copying.
    std::size_t rows = 0;
    for (const auto& shard : shards) rows += static_cast<std::size_t>(std::max<std::int64_t>(0, ParquetFile(shard).numRows()));
    staging.time.reserve(rows);
    staging.code.reserve(rows);
    staging.value.reserve(rows);
    staging.text.reserve(rows);
    for (std::size_t s = 0; s < shards.size(); ++s) {
        job.throwIfCancelled();
        job.report("Reading MEDS shards", static_cast<double>(s) / static_cast<double>(shards.size()),
                   fs::path(shards[s]).filename().string());
        readShard(shards[s], s, shards, staging);
    }

    // Subjects in subject_id order; shards written in that order (the usual case) need no copy.
    auto& subjects = staging.subjects;
    const auto byId = [](const auto& a, const auto& b) { return a.id < b.id; };
    if (!std::is_sorted(subjects.begin(), subjects.end(), byId)) {
        std::sort(subjects.begin(), subjects.end(), byId);
        reorder(staging.time, subjects);
        reorder(staging.code, subjects);
        reorder(staging.value, subjects);
        reorder(staging.text, subjects);
    }
    std::vector<std::uint64_t> offsets{0};
    for (const auto& subject : subjects) {
        cohort.subjectIds.push_back(subject.id);
        offsets.push_back(offsets.back() + (subject.end - subject.begin));
    }
    // Codes that codes.parquet did not list, and texts, get ids in order of first appearance.
    std::vector<std::uint32_t> codeIds(staging.codes.size(), kUnmapped);
    std::vector<std::uint32_t> textIds(staging.texts.size(), kUnmapped);
    textIds[kNoText] = kNoText;
    for (std::size_t e = 0; e < staging.time.size(); ++e) {
        auto& code = codeIds[staging.code[e]];
        if (code == kUnmapped) code = cohort.codes.intern(staging.codes.at(staging.code[e]));
        staging.code[e] = code;
        auto& text = textIds[staging.text[e]];
        if (text == kUnmapped) text = cohort.texts.intern(staging.texts.at(staging.text[e]));
        staging.text[e] = text;
    }
    cohort.events = EventStore::fromColumns(std::move(staging.time), std::move(staging.code), std::move(staging.value),
                                            std::move(staging.text), std::move(offsets));
    readSplits(root, cohort);
    readTasks(root, dataset, cohort);
    job.report("Reading MEDS shards", 1.0);
    return cohort;
}

namespace {

std::int32_t labelValue(const ParquetColumnData& values, const std::string& columnName, std::size_t row,
                        const std::string& at) {
    if (columnName == "boolean_value" || columnName == "integer_value") {
        const std::int64_t v = values.ints[row];
        if (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max())
            throw Error(at + ": label " + std::to_string(v) + " does not fit 32 bits");
        return static_cast<std::int32_t>(v);
    }
    if (columnName == "float_value") {
        const double v = values.reals[row];
        if (std::nearbyint(v) != v || std::abs(v) > 2e9)
            throw Error(at + ": float label " + std::to_string(v) + " is not a whole number; ContextBench labels are integers");
        return static_cast<std::int32_t>(v);
    }
    const std::string& text = values.string(row);
    std::int32_t v = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (error != std::errc() || end != text.data() + text.size())
        throw Error(at + ": categorical label '" + text + "' is not an integer; ContextBench labels are integers");
    return v;
}

}  // namespace

const TaskLabels& readMedsLabels(const std::string& path, Cohort& cohort, const std::string& taskName) {
    if (cohort.findTask(taskName)) throw Error(path + ": the cohort already has a task '" + taskName + "'");
    std::vector<std::string> files;
    if (fs::is_regular_file(path)) files.push_back(path);
    else if (fs::is_directory(path)) files = parquetFilesUnder(path);
    else throw Error(path + ": no such label file or folder");
    if (files.empty()) throw Error(path + ": no parquet label files");

    std::unordered_map<std::int64_t, std::uint32_t> patientOf;
    for (std::size_t p = 0; p < cohort.subjectIds.size(); ++p)
        patientOf.emplace(cohort.subjectIds[p], static_cast<std::uint32_t>(p));

    TaskLabels task{taskName, {}};
    for (const auto& name : files) {
        const ParquetFile file(name);
        integerColumn(file, "subject_id");
        timestampColumn(file, "prediction_time");
        const auto subjects = file.readColumn("subject_id");
        const auto times = file.readColumn("prediction_time");
        std::string valueName;
        ParquetColumnData values;
        struct Candidate {
            const char* name;
            PhysicalType type;
            PhysicalType alternative;
        };
        const Candidate candidates[] = {{"boolean_value", PhysicalType::Boolean, PhysicalType::Boolean},
                                        {"integer_value", PhysicalType::Int64, PhysicalType::Int32},
                                        {"float_value", PhysicalType::Float, PhysicalType::Double},
                                        {"categorical_value", PhysicalType::ByteArray, PhysicalType::ByteArray}};
        for (const auto& candidate : candidates) {
            if (!column(file, candidate.name, false, {candidate.type, candidate.alternative}, "a MEDS label type"))
                continue;
            auto data = file.readColumn(candidate.name);
            if (std::any_of(data.valid.begin(), data.valid.end(), [](std::uint8_t v) { return v != 0; })) {
                valueName = candidate.name;
                values = std::move(data);
                break;
            }
        }
        if (subjects.size() > 0 && valueName.empty())
            throw Error(name + ": no boolean_value, integer_value, float_value or categorical_value holds a label");
        for (std::size_t r = 0; r < subjects.size(); ++r) {
            const std::string at = name + ": row " + std::to_string(r);
            if (!subjects.isValid(r) || !times.isValid(r)) throw Error(at + ": null subject_id or prediction_time");
            const auto it = patientOf.find(subjects.ints[r]);
            if (it == patientOf.end())
                throw Error(at + ": subject " + std::to_string(subjects.ints[r]) + " is not in the cohort");
            if (!values.isValid(r)) throw Error(at + ": " + valueName + " is null");
            task.labels.push_back({it->second, times.ints[r], labelValue(values, valueName, r, at)});
        }
    }
    cohort.tasks.push_back(std::move(task));
    return cohort.tasks.back();
}

}  // namespace cb
