#include "core/cohort/femr_csv_writer.h"

#include "core/common/error.h"
#include "core/io/atomic_file.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace cb {
namespace {

// "2020-01-31 08:00:00" plus ".ffffff" when the microseconds are not zero.
void writeTime(std::ostream& out, TimeUs time) {
    using namespace std::chrono;
    const auto us = microseconds(time);
    const auto days = floor<std::chrono::days>(us);
    const year_month_day date{sys_days(days)};
    const auto rest = (us - days).count();
    const auto second = rest / kSecondUs, fraction = rest % kSecondUs;
    char buffer[48];
    int n = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u %02lld:%02lld:%02lld", static_cast<int>(date.year()),
                          static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                          static_cast<long long>(second / 3600), static_cast<long long>(second / 60 % 60),
                          static_cast<long long>(second % 60));
    if (fraction != 0) n += std::snprintf(buffer + n, sizeof buffer - n, ".%06lld", static_cast<long long>(fraction));
    out.write(buffer, n);
}

void writeField(std::ostream& out, const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        out << text;
        return;
    }
    out << '"';
    for (char c : text) {
        if (c == '"') out << '"';
        out << c;
    }
    out << '"';
}

}  // namespace

void writeFemrCsv(const Cohort& cohort, const std::string& path, const JobContext& job) {
    writeFileAtomically(path, [&](std::ostream& out) {
        out << "patient_id,start,code,value,end,unit,visit_id,omop_table\n";
        char number[32];
        for (std::size_t p = 0; p < cohort.numPatients(); ++p) {
            if ((p & 255) == 0) {
                job.throwIfCancelled();
                job.report("Writing FEMR CSV", static_cast<double>(p) / static_cast<double>(cohort.numPatients()));
            }
            const auto events = cohort.patient(p);
            const std::string subject = std::to_string(cohort.subjectIds[p]);
            for (std::size_t i = 0; i < events.size(); ++i) {
                if (events.time[i] == kStaticTime)
                    throw Error(path + ": subject " + subject + " has a static event, which FEMR CSV cannot hold");
                out << subject << ',';
                writeTime(out, events.time[i]);
                out << ',';
                writeField(out, cohort.codes.at(events.code[i]));
                out << ',';
                if (hasValue(events.value[i])) {
                    // Shortest text that reads back to the same float.
                    const auto [end, ec] = std::to_chars(number, number + sizeof number, events.value[i]);
                    out.write(number, end - number);
                } else if (events.text[i] != kNoText) {
                    writeField(out, cohort.texts.at(events.text[i]));
                }
                out << ",,,,\n";
            }
        }
        job.report("Writing FEMR CSV", 1.0);
    });
}

}  // namespace cb
