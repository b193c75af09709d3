#include "core/analysis/example_properties.h"

#include "core/io/atomic_file.h"
#include "core/io/csv_number.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace cb {
namespace {

// Runs `perPatient(p)` for every patient on all cores; the first exception (a cancel included) stops
// the other workers and is rethrown here.
template <typename F>
void forEachPatient(std::size_t patients, const JobContext& job, const std::string& stage, F perPatient) {
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto worker = [&](bool reports) {
        try {
            for (std::size_t p; !failed && (p = next.fetch_add(1)) < patients;) {
                perPatient(p);
                const std::size_t finished = ++done;
                if (reports && (finished & 255) == 0) {
                    job.throwIfCancelled();
                    job.report(stage, static_cast<double>(finished) / static_cast<double>(patients));
                }
            }
        } catch (...) {
            std::lock_guard lock(errorMutex);
            if (!error) error = std::current_exception();
            failed = true;
        }
    };
    const unsigned threads = std::max(1u, std::min(std::thread::hardware_concurrency(), 16u));
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, false);
    worker(true);
    pool.clear();
    if (error) std::rethrow_exception(error);
    job.report(stage, 1.0);
}

std::vector<ExampleProperties> computeAt(const Cohort& cohort, const TokenizedCohort* tokens,
                                         const std::vector<std::vector<TimeUs>>& cutoffs, const JobContext& job) {
    std::vector<std::vector<ExampleProperties>> perPatient(cohort.numPatients());
    forEachPatient(cohort.numPatients(), job, "Computing EHR properties", [&](std::size_t p) {
        if (cutoffs[p].empty()) return;
        const auto properties = computeEhrPropertiesAt(cohort.patient(p), cutoffs[p]);
        auto& rows = perPatient[p];
        rows.reserve(properties.size());
        for (std::size_t i = 0; i < properties.size(); ++i) {
            ExampleProperties row;
            row.patient = static_cast<std::uint32_t>(p);
            row.subjectId = cohort.subjectIds[p];
            row.time = cutoffs[p][i];
            row.properties = properties[i];
            if (tokens) row.tokens = static_cast<std::int64_t>(tokens->countAtOrBefore(p, cutoffs[p][i]));
            rows.push_back(row);
        }
    });
    std::vector<ExampleProperties> out;
    for (auto& rows : perPatient) out.insert(out.end(), rows.begin(), rows.end());
    return out;
}

}  // namespace

std::vector<ExampleProperties> labelledExampleProperties(const Cohort& cohort, const TokenizedCohort* tokens,
                                                         const JobContext& job) {
    std::vector<std::vector<TimeUs>> cutoffs(cohort.numPatients());
    for (const auto& task : cohort.tasks)
        for (const auto& label : task.labels) cutoffs[label.patient].push_back(label.predictionTime);
    for (auto& c : cutoffs) {
        std::sort(c.begin(), c.end());
        c.erase(std::unique(c.begin(), c.end()), c.end());
    }
    return computeAt(cohort, tokens, cutoffs, job);
}

std::vector<ExampleProperties> timelineProperties(const Cohort& cohort, const TokenizedCohort* tokens,
                                                  const JobContext& job) {
    std::vector<std::vector<TimeUs>> cutoffs(cohort.numPatients());
    for (std::size_t p = 0; p < cohort.numPatients(); ++p) {
        const auto events = cohort.patient(p);
        if (events.size() > 0) cutoffs[p].push_back(events.time.back());
    }
    return computeAt(cohort, tokens, cutoffs, job);
}

void writePropertiesCsv(const std::string& path, const std::vector<ExampleProperties>& rows) {
    writeFileAtomically(path, [&](std::ostream& out) {
        out << "subject_id,prediction_time,events,tokens,rr_1,rr_2,rr_3,rr_4,rr_geomean,gap_std_s,gap_mean_s,gap_iqr_s\n";
        for (const auto& r : rows) {
            const auto& p = r.properties;
            out << r.subjectId << ',' << (r.time == kStaticTime ? std::string() : formatTime(r.time)) << ','
                << p.events << ',';
            if (r.tokens >= 0) out << r.tokens;
            for (double v : {p.repetition[0], p.repetition[1], p.repetition[2], p.repetition[3], p.repetitionGeoMean,
                             p.gapStd, p.gapMean, p.gapIqr}) {
                out << ',';
                writeCsvNumber(out, v);
            }
            out << '\n';
        }
    });
}

}  // namespace cb
