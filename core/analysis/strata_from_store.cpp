#include "core/analysis/strata_from_store.h"

#include "core/analysis/property_cache.h"
#include "core/analysis/run_kinds.h"
#include "core/common/error.h"

namespace cb {

std::string chooseStrataCohort(ResultStore& store, const std::string& requested) {
    const auto cohorts = store.cohortsWithRuns(kContextAurocRunKind);
    if (cohorts.empty())
        throw Error(store.database().path() + ": no evaluation runs to stratify (run an AUROC-versus-context evaluation first)");
    if (requested.empty()) return cohorts.front();
    std::vector<std::string> matches;
    for (const auto& c : cohorts)
        if (c.rfind(requested, 0) == 0) matches.push_back(c);
    if (matches.size() != 1)
        throw Error(store.database().path() + ": cohort '" + requested + "' matches " + std::to_string(matches.size()) +
                    " cohorts with evaluation runs");
    return matches.front();
}

StratificationResult stratifyCachedRuns(ResultStore& store, const std::string& cohortHash, StrataMetric metric,
                                        const StrataConfig& config, const JobContext& job) {
    const auto properties = loadExampleProperties(store, cohortHash);
    if (properties.empty())
        throw Error(store.database().path() + ": no EHR properties stored for cohort " + cohortHash.substr(0, 12) +
                    " (record them with 'contextbench-cli cohort properties COHORT --db " + store.database().path() + "')");
    std::vector<StrataRun> runs;
    for (const auto& record : store.runs(cohortHash, kContextAurocRunKind)) {
        if (record.status != "complete") continue;
        StrataRun run;
        run.runId = record.id;
        run.architecture = record.architecture;
        run.attention = record.attention;
        run.context = record.contextLength;
        for (const auto& p : store.predictions(record.id))
            run.predictions.push_back({p.task, p.subjectId, p.predictionTime, static_cast<std::uint8_t>(p.label), p.probability});
        runs.push_back(std::move(run));
    }
    return stratify(properties, runs, metric, config, job);
}

}  // namespace cb
