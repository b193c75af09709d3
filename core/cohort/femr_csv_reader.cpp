#include "core/cohort/femr_csv_reader.h"

#include "core/common/error.h"
#include "core/common/time_parse.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>

namespace cb {

// ---- RFC 4180 records ----------------------------------------------------------------------------

CsvRecordReader::CsvRecordReader(std::istream& in) : in_(in), buffer_(1 << 16) {}

int CsvRecordReader::peek() {
    if (pos_ == size_) {
        in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        size_ = static_cast<std::size_t>(in_.gcount());
        pos_ = 0;
        if (size_ == 0) return EOF;
    }
    return static_cast<unsigned char>(buffer_[pos_]);
}

int CsvRecordReader::get() {
    const int c = peek();
    if (c != EOF) ++pos_;
    return c;
}

bool CsvRecordReader::next(std::vector<std::string>& fields, std::size_t& line, std::string& error) {
    fields.clear();
    error.clear();
    if (peek() == EOF) return false;
    line = line_;
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted } state = State::FieldStart;
    std::string field;
    for (;;) {
        const int c = get();
        if (c == EOF) {
            if (state == State::Quoted) error = "unterminated quoted field";
            fields.push_back(std::move(field));
            return true;
        }
        const bool newline = c == '\n' || c == '\r';
        if (newline && state != State::Quoted) {
            if (c == '\r' && peek() == '\n') get();
            ++line_;
            fields.push_back(std::move(field));
            return true;
        }
        switch (state) {
            case State::FieldStart:
            case State::Unquoted:
                if (c == ',') {
                    fields.push_back(std::move(field));
                    field.clear();
                    state = State::FieldStart;
                } else if (c == '"' && state == State::FieldStart) {
                    state = State::Quoted;
                } else {
                    field.push_back(static_cast<char>(c));  // a quote inside an unquoted field is kept as is
                    state = State::Unquoted;
                }
                break;
            case State::Quoted:
                if (c == '"') {
                    state = State::QuoteInQuoted;
                } else {
                    if (c == '\n') ++line_;
                    field.push_back(static_cast<char>(c));
                }
                break;
            case State::QuoteInQuoted:
                if (c == '"') {
                    field.push_back('"');
                    state = State::Quoted;
                } else if (c == ',') {
                    fields.push_back(std::move(field));
                    field.clear();
                    state = State::FieldStart;
                } else {
                    if (error.empty()) error = "text after the closing quote of field " + std::to_string(fields.size() + 1);
                    field.push_back(static_cast<char>(c));
                    state = State::Unquoted;
                }
                break;
        }
    }
}

// ---- FEMR simple CSV -----------------------------------------------------------------------------

namespace {

namespace fs = std::filesystem;
constexpr std::uint32_t kUnmapped = std::numeric_limits<std::uint32_t>::max();

template <typename T>
bool parseWhole(std::string_view text, T& out) {
    if (text.empty()) return false;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

struct StagedEvent {
    std::int64_t patient = 0;
    TimeUs time = 0;
    std::uint32_t code = 0;
    float value = kNoValue;
    std::uint32_t text = kNoText;
};

struct Staging {
    std::vector<StagedEvent> events;
    StringTable codes;
    StringTable texts;
    Staging() { texts.intern(""); }
};

std::vector<std::string> csvFiles(const std::string& path) {
    if (fs::is_regular_file(path)) return {path};
    if (!fs::is_directory(path)) throw Error(path + ": no such CSV file or folder");
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(path))
        if (entry.is_regular_file() && entry.path().extension() == ".csv") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw Error(path + ": no .csv files in the folder");
    return files;
}

class FileReader {
public:
    FileReader(const std::string& file, const FemrCsvOptions& options, FemrCsvReport& report, Staging& staging,
               const JobContext& job)
        : file_(file), options_(options), report_(report), staging_(staging), job_(job) {}

    void read() {
        std::ifstream in(file_, std::ios::binary);
        if (!in) throw Error(file_ + ": cannot open");
        CsvRecordReader csv(in);
        std::vector<std::string> fields;
        std::size_t line = 0;
        std::string error;
        if (!csv.next(fields, line, error)) throw Error(file_ + ": empty file, expected a header line");
        if (!error.empty()) throw Error(file_ + ": line 1: header: " + error);
        header(fields);
        std::size_t records = 0;
        while (csv.next(fields, line, error)) {
            if (++records % 65536 == 0) job_.throwIfCancelled();
            if (error.empty() && fields.size() == 1 && fields[0].empty()) continue;  // blank line
            ++report_.rows;
            if (!error.empty()) {
                bad(line, error);
                continue;
            }
            row(fields, line);
        }
    }

private:
    void header(std::vector<std::string>& fields) {
        // A UTF-8 byte order mark would otherwise glue itself to the first column name.
        if (!fields.empty() && fields[0].rfind("\xEF\xBB\xBF", 0) == 0) fields[0].erase(0, 3);
        columns_ = fields.size();
        auto find = [&](const char* name) {
            const auto it = std::find(fields.begin(), fields.end(), name);
            if (it == fields.end()) {
                std::string found;
                for (const auto& f : fields) found += (found.empty() ? "" : ", ") + f;
                throw Error(file_ + ": header lacks column '" + name + "' (it has: " + found + ")");
            }
            return static_cast<std::size_t>(it - fields.begin());
        };
        patient_ = find("patient_id");
        start_ = find("start");
        code_ = find("code");
        value_ = find("value");
    }

    void row(const std::vector<std::string>& fields, std::size_t line) {
        // Short rows are accepted while they reach the four columns read (FEMR's own reader, Python's
        // csv.DictReader, fills the missing trailing fields with nothing); long rows mean a stray comma.
        const std::size_t needed = std::max({patient_, start_, code_, value_}) + 1;
        if (fields.size() > columns_)
            return bad(line, std::to_string(fields.size()) + " fields, the header has " + std::to_string(columns_));
        if (fields.size() < needed)
            return bad(line, std::to_string(fields.size()) + " fields, too few for patient_id, start, code and value");
        StagedEvent event;
        if (!parseWhole(std::string_view(fields[patient_]), event.patient))
            return bad(line, "patient_id '" + fields[patient_] + "' is not an integer");
        const auto time = parseDateTime(fields[start_]);
        if (!time) return bad(line, "start '" + fields[start_] + "' is not a date or date-time");
        event.time = *time;
        if (fields[code_].empty()) return bad(line, "code is empty");
        event.code = staging_.codes.intern(fields[code_]);
        const std::string& value = fields[value_];
        double number = 0.0;
        if (parseWhole(std::string_view(value), number) && std::isfinite(number))
            event.value = static_cast<float>(number);
        else if (!value.empty())
            event.text = staging_.texts.intern(value);
        staging_.events.push_back(event);
    }

    void bad(std::size_t line, const std::string& reason) {
        if (options_.strict) throw Error(file_ + ": line " + std::to_string(line) + ": " + reason);
        ++report_.badRowCount;
        if (report_.badRows.size() < options_.maxReportedRows) report_.badRows.push_back({file_, line, reason});
    }

    const std::string& file_;
    const FemrCsvOptions& options_;
    FemrCsvReport& report_;
    Staging& staging_;
    const JobContext& job_;
    std::size_t columns_ = 0;
    std::size_t patient_ = 0;
    std::size_t start_ = 0;
    std::size_t code_ = 0;
    std::size_t value_ = 0;
};

}  // namespace

FemrCsvResult readFemrCsv(const std::string& path, const FemrCsvOptions& options, const JobContext& job) {
    const auto files = csvFiles(path);
    FemrCsvResult result;
    Staging staging;
    for (std::size_t f = 0; f < files.size(); ++f) {
        job.throwIfCancelled();
        job.report("Reading FEMR CSV", static_cast<double>(f) / static_cast<double>(files.size()),
                   fs::path(files[f]).filename().string());
        FileReader(files[f], options, result.report, staging, job).read();
        ++result.report.files;
    }

    auto& events = staging.events;
    std::stable_sort(events.begin(), events.end(), [](const StagedEvent& a, const StagedEvent& b) {
        return a.patient != b.patient ? a.patient < b.patient : a.time < b.time;
    });
    Cohort& cohort = result.cohort;
    cohort.name = fs::path(path).stem().string();
    cohort.source = path;
    std::vector<std::uint32_t> codeIds(staging.codes.size(), kUnmapped);
    std::vector<std::uint32_t> textIds(staging.texts.size(), kUnmapped);
    textIds[kNoText] = kNoText;
    cohort.events.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& e = events[i];
        if (i == 0 || e.patient != events[i - 1].patient) {
            if (i > 0) cohort.events.endPatient();
            cohort.subjectIds.push_back(e.patient);
        }
        auto& code = codeIds[e.code];
        if (code == kUnmapped) code = cohort.codes.intern(staging.codes.at(e.code));
        auto& text = textIds[e.text];
        if (text == kUnmapped) text = cohort.texts.intern(staging.texts.at(e.text));
        cohort.events.append(e.time, code, e.value, text);
    }
    if (!events.empty()) cohort.events.endPatient();
    cohort.splits.assign(cohort.numPatients(), Split::Train);
    job.report("Reading FEMR CSV", 1.0);
    return result;
}

}  // namespace cb
