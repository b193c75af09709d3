#include "core/cohort/femr_csv_reader.h"

#include "core/common/error.h"
#include "core/common/utf8.h"
#include "core/common/time_parse.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <unordered_map>
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
    error.clear();
    if (peek() == EOF) return false;
    line = line_;
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted } state = State::FieldStart;
    // Fields are written into the strings of the previous record, so a long file costs no allocation
    // per field once the first records have sized them.
    std::size_t count = 0;
    auto startField = [&]() -> std::string& {
        if (count == fields.size()) fields.emplace_back();
        fields[count].clear();
        return fields[count];
    };
    std::string* field = &startField();
    auto endField = [&] {
        ++count;
        field = &startField();
    };
    auto endRecord = [&] { fields.resize(count + 1); };
    for (;;) {
        // Plain characters of an unquoted field are copied in one run; most of a CSV is those.
        if ((state == State::Unquoted || state == State::FieldStart) && pos_ < size_ &&
            (state == State::Unquoted || buffer_[pos_] != '"')) {
            const char* begin = buffer_.data() + pos_;
            const char* end = buffer_.data() + size_;
            const char* stop = begin;
            while (stop < end && *stop != ',' && *stop != '\n' && *stop != '\r') ++stop;
            if (stop != begin) {
                field->append(begin, stop);
                pos_ += static_cast<std::size_t>(stop - begin);
                state = State::Unquoted;
                continue;
            }
        }
        const int c = get();
        if (c == EOF) {
            if (state == State::Quoted) error = "unterminated quoted field";
            endRecord();
            return true;
        }
        const bool newline = c == '\n' || c == '\r';
        if (newline && state != State::Quoted) {
            if (c == '\r' && peek() == '\n') get();
            ++line_;
            endRecord();
            return true;
        }
        switch (state) {
            case State::FieldStart:
            case State::Unquoted:
                if (c == ',') {
                    endField();
                    state = State::FieldStart;
                } else if (c == '"' && state == State::FieldStart) {
                    state = State::Quoted;
                } else {
                    field->push_back(static_cast<char>(c));  // a quote inside an unquoted field is kept as is
                    state = State::Unquoted;
                }
                break;
            case State::Quoted:
                if (c == '"') {
                    state = State::QuoteInQuoted;
                } else {
                    if (c == '\n') ++line_;
                    field->push_back(static_cast<char>(c));
                }
                break;
            case State::QuoteInQuoted:
                if (c == '"') {
                    field->push_back('"');
                    state = State::Quoted;
                } else if (c == ',') {
                    endField();
                    state = State::FieldStart;
                } else {
                    if (error.empty()) error = "text after the closing quote of field " + std::to_string(count + 1);
                    field->push_back(static_cast<char>(c));
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

// Events as read, one column each (24 bytes an event with the patient column): EHRSHOT's 41.6M
// events must load within 2 GB, which a row struct padded to 32 bytes plus a sort buffer exceeds.
struct Staging {
    std::vector<std::uint32_t> patient;  // index into patientIds
    std::vector<TimeUs> time;
    std::vector<std::uint32_t> code;
    std::vector<float> value;
    std::vector<std::uint32_t> text;
    std::vector<std::int64_t> patientIds;
    std::unordered_map<std::int64_t, std::uint32_t> patientIndex;
    StringTable codes;
    StringTable texts;
    bool sorted = true;  // by (patient id, time) in read order: the common case needs no sort
    Staging() { texts.intern(""); }

    void reserve(std::size_t events) {
        patient.reserve(events);
        time.reserve(events);
        code.reserve(events);
        value.reserve(events);
        text.reserve(events);
    }

    void add(std::int64_t patientId, TimeUs when, std::uint32_t codeId, float number, std::uint32_t textId) {
        std::uint32_t index;
        if (!patient.empty() && patientIds[patient.back()] == patientId) {
            index = patient.back();
        } else {
            const auto [it, inserted] = patientIndex.emplace(patientId, static_cast<std::uint32_t>(patientIds.size()));
            if (inserted) patientIds.push_back(patientId);
            index = it->second;
        }
        if (sorted && !patient.empty()) {
            const auto last = patientIds[patient.back()];
            sorted = last < patientId || (last == patientId && time.back() <= when);
        }
        patient.push_back(index);
        time.push_back(when);
        code.push_back(codeId);
        value.push_back(number);
        text.push_back(textId);
    }
};

// Reorders a column by `order` through one temporary copy of that column only.
template <typename T>
void permute(std::vector<T>& column, const std::vector<std::uint32_t>& order) {
    std::vector<T> out;
    out.reserve(column.size());
    for (const auto i : order) out.push_back(column[i]);
    column.swap(out);
}

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
        std::int64_t patient = 0;
        if (!parseWhole(std::string_view(fields[patient_]), patient))
            return bad(line, "patient_id '" + fields[patient_] + "' is not an integer");
        const auto time = parseDateTime(fields[start_]);
        if (!time) return bad(line, "start '" + fields[start_] + "' is not a date or date-time");
        if (fields[code_].empty()) return bad(line, "code is empty");
        if (!isValidUtf8(fields[code_])) return bad(line, "code is not valid UTF-8");
        const std::uint32_t code = staging_.codes.intern(fields[code_]);
        const std::string& value = fields[value_];
        double number = 0.0;
        float numeric = kNoValue;
        std::uint32_t text = kNoText;
        if (parseWhole(std::string_view(value), number) && std::isfinite(number))
            numeric = static_cast<float>(number);
        else if (!value.empty())
            text = staging_.texts.intern(value);
        staging_.add(patient, *time, code, numeric, text);
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
    // Reserving touches no pages, so a generous estimate (a row is rarely under 24 bytes) costs
    // address space, not memory, and spares the copies of a growing vector.
    std::uintmax_t bytes = 0;
    for (const auto& f : files) bytes += fs::file_size(f);
    staging.reserve(static_cast<std::size_t>(bytes / 24 + 16));
    for (std::size_t f = 0; f < files.size(); ++f) {
        job.throwIfCancelled();
        job.report("Reading FEMR CSV", static_cast<double>(f) / static_cast<double>(files.size()),
                   fs::path(files[f]).filename().string());
        FileReader(files[f], options, result.report, staging, job).read();
        ++result.report.files;
    }

    if (!staging.sorted) {
        // Patients by id, each patient's events stably by time: one permutation applied column by column.
        std::vector<std::uint32_t> order(staging.time.size());
        std::iota(order.begin(), order.end(), 0u);
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            const auto pa = staging.patientIds[staging.patient[a]], pb = staging.patientIds[staging.patient[b]];
            return pa != pb ? pa < pb : staging.time[a] < staging.time[b];
        });
        permute(staging.patient, order);
        permute(staging.time, order);
        permute(staging.code, order);
        permute(staging.value, order);
        permute(staging.text, order);
    }
    Cohort& cohort = result.cohort;
    cohort.name = fs::path(path).stem().string();
    cohort.source = path;
    // Codes and texts get ids in order of first appearance in the sorted events.
    std::vector<std::uint32_t> codeIds(staging.codes.size(), kUnmapped);
    std::vector<std::uint32_t> textIds(staging.texts.size(), kUnmapped);
    textIds[kNoText] = kNoText;
    std::vector<std::uint64_t> offsets{0};
    const std::size_t n = staging.time.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && staging.patient[i] != staging.patient[i - 1]) offsets.push_back(i);
        if (i == 0 || staging.patient[i] != staging.patient[i - 1])
            cohort.subjectIds.push_back(staging.patientIds[staging.patient[i]]);
        auto& code = codeIds[staging.code[i]];
        if (code == kUnmapped) code = cohort.codes.intern(staging.codes.at(staging.code[i]));
        staging.code[i] = code;
        auto& text = textIds[staging.text[i]];
        if (text == kUnmapped) text = cohort.texts.intern(staging.texts.at(staging.text[i]));
        staging.text[i] = text;
    }
    if (n > 0) offsets.push_back(n);
    std::vector<std::uint32_t>().swap(staging.patient);
    cohort.events = EventStore::fromColumns(std::move(staging.time), std::move(staging.code), std::move(staging.value),
                                            std::move(staging.text), std::move(offsets));
    cohort.splits.assign(cohort.numPatients(), Split::Train);
    job.report("Reading FEMR CSV", 1.0);
    return result;
}

}  // namespace cb
