#pragma once

#include "core/cohort/cohort.h"
#include "core/jobs/job_context.h"

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace cb {

// Streaming RFC 4180 reader: fields separated by commas, records by LF or CRLF; a quoted field may hold
// commas, line breaks and doubled quotes. Reads through a fixed buffer, so a file of any size costs
// one record of memory.
class CsvRecordReader {
public:
    explicit CsvRecordReader(std::istream& in);

    // Reads the next record into `fields`; false at the end of input. `line` receives the 1-based line
    // the record starts on. A malformed record (an unterminated quote, text after a closing quote)
    // still returns true, with `error` saying what is wrong; `error` is empty otherwise.
    bool next(std::vector<std::string>& fields, std::size_t& line, std::string& error);

private:
    int get();
    int peek();

    std::istream& in_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0;
    std::size_t size_ = 0;
    std::size_t line_ = 1;
};

struct FemrCsvOptions {
    bool strict = false;                // the first bad row throws instead of being counted
    std::size_t maxReportedRows = 100;  // bad rows kept with their reason; all are counted
};

struct FemrCsvBadRow {
    std::string file;
    std::size_t line = 0;
    std::string reason;
};

struct FemrCsvReport {
    std::size_t files = 0;
    std::size_t rows = 0;  // data rows seen, good and bad (blank lines are not rows)
    std::size_t badRowCount = 0;
    std::vector<FemrCsvBadRow> badRows;
};

struct FemrCsvResult {
    Cohort cohort;
    FemrCsvReport report;
};

// Reads FEMR's "simple CSV" layout (EHRSHOT's original release): a header with patient_id, start, code
// and value, in any order, plus optional columns (end, unit, visit_id, omop_table, ...) that are
// ignored. `path` is one .csv file or a folder whose *.csv files are read in name order. A row may
// stop short of the header's later columns (as FEMR's own reader allows) but not of the four it needs;
// a row with more fields than the header is bad.
// `start` is a date or date-time ("2020-01-31", "2020-01-31 08:00[:00[.123456]]", 'T' also accepted),
// taken as UTC. `value` is a number, a text (interned), or empty.
// Patients are ordered by patient_id and each patient's events stably sorted by start, since the
// layout promises neither; codes and texts get ids in order of first appearance in that order. FEMR
// CSV carries no splits: every patient is put in train, the caller assigns splits.
FemrCsvResult readFemrCsv(const std::string& path, const FemrCsvOptions& options = {}, const JobContext& job = {});

}  // namespace cb
