#include "core/cohort/meds_writer.h"

#include "core/cohort/meds_reader.h"
#include "core/cohort/task_catalog.h"
#include "core/common/error.h"
#include "core/common/time_units.h"
#include "core/io/atomic_file.h"
#include "core/io/parquet_writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace cb {
namespace {

namespace fs = std::filesystem;

void clearRows(std::vector<ParquetColumnData>& columns) {
    for (auto& c : columns) {
        c.valid.clear();
        c.ints.clear();
        c.reals.clear();
        c.stringIds.clear();
    }
}

void writeShard(const Cohort& cohort, const std::vector<std::uint32_t>& patients, const std::string& path,
                Codec codec, std::size_t rowGroupRows) {
    ParquetWriteOptions options;
    options.codec = codec;
    ParquetWriter writer(path,
                         {{"subject_id", ParquetKind::Int64, false, false},
                          {"time", ParquetKind::TimestampMicros, true, false},
                          {"code", ParquetKind::String, false, true},
                          {"numeric_value", ParquetKind::Float, true, false},
                          {"text_value", ParquetKind::String, true, true}},
                         options);
    // The string tables are set once; each row group only refers to them by id.
    std::vector<ParquetColumnData> columns(5);
    columns[2].strings = cohort.codes.strings();
    columns[4].strings = cohort.texts.strings();
    auto& subject = columns[0];
    auto& time = columns[1];
    auto& code = columns[2];
    auto& value = columns[3];
    auto& text = columns[4];
    for (std::size_t i = 0; i < patients.size(); ++i) {
        const auto p = patients[i];
        const auto events = cohort.patient(p);
        for (std::size_t e = 0; e < events.size(); ++e) {
            subject.ints.push_back(cohort.subjectIds[p]);
            const bool timed = events.time[e] != kStaticTime;
            time.ints.push_back(timed ? events.time[e] : 0);
            time.valid.push_back(timed);
            code.stringIds.push_back(events.code[e]);
            const bool hasNumber = hasValue(events.value[e]);
            value.reals.push_back(hasNumber ? events.value[e] : 0.0);
            value.valid.push_back(hasNumber);
            const bool hasText = events.text[e] != kNoText;
            text.stringIds.push_back(hasText ? events.text[e] : ParquetColumnData::kNullString);
            text.valid.push_back(hasText);
        }
        const bool last = i + 1 == patients.size();
        if (subject.ints.size() >= rowGroupRows || (last && !subject.ints.empty())) {
            writer.writeRowGroup(columns);
            clearRows(columns);
        }
    }
    writer.finish();
}

void writeSplits(const Cohort& cohort, const std::string& path, Codec codec) {
    ParquetWriteOptions options;
    options.codec = codec;
    ParquetWriter writer(path, {{"subject_id", ParquetKind::Int64, false, false}, {"split", ParquetKind::String, false, true}},
                         options);
    std::vector<ParquetColumnData> columns(2);
    columns[1].strings = {toString(Split::Train), toString(Split::Tuning), toString(Split::HeldOut)};
    for (std::size_t p = 0; p < cohort.numPatients(); ++p) {
        columns[0].ints.push_back(cohort.subjectIds[p]);
        columns[1].stringIds.push_back(static_cast<std::uint32_t>(cohort.splits.at(p)));
    }
    if (cohort.numPatients() > 0) writer.writeRowGroup(columns);
    writer.finish();
}

void writeCodes(const Cohort& cohort, const std::string& path, Codec codec) {
    ParquetWriteOptions options;
    options.codec = codec;
    ParquetWriter writer(path,
                         {{"code", ParquetKind::String, false, false},
                          {"description", ParquetKind::String, true, false},
                          {"parent_codes", ParquetKind::StringList, true, false}},
                         options);
    const std::size_t n = cohort.codes.size();
    std::vector<ParquetColumnData> columns(3);
    columns[0].strings = cohort.codes.strings();
    for (std::uint32_t c = 0; c < n; ++c) columns[0].stringIds.push_back(c);
    columns[1].stringIds.assign(n, ParquetColumnData::kNullString);
    columns[1].valid.assign(n, 0);
    columns[2].listOffsets.assign(n + 1, 0);
    columns[2].valid.assign(n, 0);
    if (n > 0) writer.writeRowGroup(columns);
    writer.finish();
}

// Lab tasks keep their severity as integer_value even when a cohort happens to hold only 0 and 1.
bool isBooleanTask(const TaskLabels& task) {
    const auto* info = findTask(task.task);
    if (info && info->group == TaskGroup::Lab) return false;
    return std::all_of(task.labels.begin(), task.labels.end(), [](const Label& l) { return l.value == 0 || l.value == 1; });
}

void writeLabels(const Cohort& cohort, const TaskLabels& task, const std::string& path, Codec codec) {
    ParquetWriteOptions options;
    options.codec = codec;
    ParquetWriter writer(path,
                         {{"subject_id", ParquetKind::Int64, false, false},
                          {"prediction_time", ParquetKind::TimestampMicros, false, false},
                          {"boolean_value", ParquetKind::Boolean, true, false},
                          {"integer_value", ParquetKind::Int64, true, false},
                          {"float_value", ParquetKind::Float, true, false},
                          {"categorical_value", ParquetKind::String, true, false}},
                         options);
    const bool boolean = isBooleanTask(task);
    const std::size_t n = task.labels.size();
    std::vector<ParquetColumnData> columns(6);
    for (const auto& label : task.labels) {
        columns[0].ints.push_back(cohort.subjectIds.at(label.patient));
        columns[1].ints.push_back(label.predictionTime);
        columns[2].ints.push_back(boolean ? label.value : 0);
        columns[3].ints.push_back(boolean ? 0 : label.value);
    }
    columns[2].valid.assign(n, boolean ? 1 : 0);
    columns[3].valid.assign(n, boolean ? 0 : 1);
    columns[4].reals.assign(n, 0.0);
    columns[4].valid.assign(n, 0);
    columns[5].stringIds.assign(n, ParquetColumnData::kNullString);
    columns[5].valid.assign(n, 0);
    if (n > 0) writer.writeRowGroup(columns);
    writer.finish();
}

void checkTaskName(const std::string& name) {
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
        name.find('\\') != std::string::npos)
        throw Error("task name '" + name + "' cannot be used as a folder name");
}

}  // namespace

void writeMedsDataset(const Cohort& cohort, const std::string& folder, Codec codec, std::size_t rowGroupRows) {
    const fs::path root(folder);
    if (fs::exists(root) && !(fs::is_directory(root) && fs::is_empty(root)))
        throw Error(folder + ": exists and is not an empty folder; refusing to mix datasets");
    if (cohort.splits.size() != cohort.numPatients() || cohort.events.numPatients() != cohort.numPatients())
        throw Error(folder + ": cohort is inconsistent (subjects, splits and event lists differ in number)");
    for (const auto& task : cohort.tasks) checkTaskName(task.task);
    fs::create_directories(root / "metadata");

    for (const auto split : {Split::Train, Split::Tuning, Split::HeldOut}) {
        const auto patients = cohort.patientsIn(split);
        if (patients.empty()) continue;
        const fs::path dir = root / "data" / toString(split);
        fs::create_directories(dir);
        writeShard(cohort, patients, (dir / "0.parquet").string(), codec, std::max<std::size_t>(rowGroupRows, 1));
    }
    writeSplits(cohort, (root / "metadata" / "subject_splits.parquet").string(), codec);
    writeCodes(cohort, (root / "metadata" / "codes.parquet").string(), codec);
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& task : cohort.tasks) {
        const fs::path dir = root / kMedsTaskLabelsFolder / task.task;
        fs::create_directories(dir);
        writeLabels(cohort, task, (dir / "0.parquet").string(), codec);
        tasks.push_back(task.task);
    }
    const nlohmann::json dataset = {
        {"dataset_name", cohort.name.empty() ? root.filename().string() : cohort.name},
        {"dataset_version", cohort.contentHash().substr(0, 16)},
        {"etl_name", "ContextBench"},
        {"etl_version", "1"},
        {"meds_version", "0.4.0"},
        {"created_at", nowIso8601()},
        {"contextbench", {{"source", cohort.source}, {"tasks", tasks}}},
    };
    writeFileAtomically((root / "metadata" / "dataset.json").string(),
                        [&](std::ostream& out) { out << dataset.dump(2) << '\n'; });
}

}  // namespace cb
