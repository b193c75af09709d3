#include "core/analysis/example_properties.h"

#include "core/io/atomic_file.h"
#include "core/io/csv_number.h"
#include "core/jobs/parallel_for.h"

#include <algorithm>

namespace cb {
namespace {

std::vector<ExampleProperties> computeAt(const Cohort& cohort, const TokenizedCohort* tokens,
                                         const std::vector<std::vector<TimeUs>>& cutoffs, const JobContext& job) {
    std::vector<std::vector<ExampleProperties>> perPatient(cohort.numPatients());
    parallelFor(cohort.numPatients(), job, "Computing EHR properties", [&](std::size_t p) {
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
