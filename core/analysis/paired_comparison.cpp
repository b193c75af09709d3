#include "core/analysis/paired_comparison.h"

#include "core/analysis/example_key.h"
#include "core/analysis/run_kinds.h"
#include "core/common/error.h"
#include "core/eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

namespace cb {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct TaskPredictions {
    std::map<ExampleKey, std::pair<int, double>> byExample;  // label, probability
};

struct RunPredictions {
    RunRecord run;
    std::vector<std::string> taskOrder;
    std::map<std::string, TaskPredictions> tasks;
};

RunPredictions loadRun(ResultStore& store, std::int64_t id) {
    const auto run = store.run(id);
    if (!run) throw Error(store.database().path() + ": no run with id " + std::to_string(id));
    if (run->kind != kContextAurocRunKind)
        throw Error("run " + std::to_string(id) + " is a " + run->kind + " run; only AUROC evaluations can be compared");
    if (run->status != "complete") throw Error("run " + std::to_string(id) + " did not complete; it has nothing to compare");
    RunPredictions out{*run, {}, {}};
    for (const auto& p : store.predictions(id)) {
        auto [it, fresh] = out.tasks.try_emplace(p.task);
        if (fresh) out.taskOrder.push_back(p.task);
        it->second.byExample[{p.subjectId, p.predictionTime}] = {p.label, p.probability};
    }
    if (out.tasks.empty()) throw Error("run " + std::to_string(id) + " stored no predictions (made before they were kept?)");
    return out;
}

// The examples of one task both runs predicted, lined up.
struct PairedTask {
    std::vector<std::uint8_t> labels;
    std::vector<double> baseline, other;
    std::vector<std::size_t> patientSlot;
    std::size_t unmatched = 0;
};

PairedTask pairTask(const std::string& task, const TaskPredictions& base, const TaskPredictions& other,
                    const std::unordered_map<std::int64_t, std::size_t>& slotOf, std::int64_t otherId) {
    PairedTask paired;
    for (const auto& [key, value] : base.byExample) {
        const auto it = other.byExample.find(key);
        if (it == other.byExample.end()) {
            ++paired.unmatched;
            continue;
        }
        if (it->second.first != value.first)
            throw Error("run " + std::to_string(otherId) + ", task " + task + ": subject " + std::to_string(key.subject) +
                        " at time " + std::to_string(key.time) + " has label " + std::to_string(it->second.first) +
                        " but the baseline has " + std::to_string(value.first) + "; the runs label examples differently");
        paired.labels.push_back(static_cast<std::uint8_t>(value.first));
        paired.baseline.push_back(value.second);
        paired.other.push_back(it->second.second);
        paired.patientSlot.push_back(slotOf.at(key.subject));
    }
    for (const auto& [key, value] : other.byExample)
        if (!base.byExample.count(key)) ++paired.unmatched;
    return paired;
}

}  // namespace

std::vector<RunComparison> compareToBaseline(ResultStore& store, std::int64_t baselineRunId,
                                             const std::vector<std::int64_t>& runIds, const PairedComparisonConfig& config,
                                             const JobContext& job) {
    if (config.replicates < 1) throw Error("paired comparison: replicates must be at least 1");
    const auto base = loadRun(store, baselineRunId);
    // One slot per test patient of the baseline: the unit every replicate resamples.
    std::unordered_map<std::int64_t, std::size_t> slotOf;
    {
        std::set<std::int64_t> subjects;
        for (const auto& [task, predictions] : base.tasks)
            for (const auto& [key, value] : predictions.byExample) subjects.insert(key.subject);
        for (const auto s : subjects) slotOf.emplace(s, slotOf.size());
    }
    const PatientBootstrap bootstrap(slotOf.size(), config.replicates, config.seed);

    std::vector<RunComparison> out;
    for (std::size_t r = 0; r < runIds.size(); ++r) {
        job.throwIfCancelled();
        job.report("Comparing runs", static_cast<double>(r) / static_cast<double>(runIds.size()),
                   "run " + std::to_string(runIds[r]) + " against " + std::to_string(baselineRunId));
        const auto other = loadRun(store, runIds[r]);
        if (other.run.cohortHash != base.run.cohortHash)
            throw Error("run " + std::to_string(runIds[r]) + " is from another cohort than baseline run " +
                        std::to_string(baselineRunId) + "; a paired comparison needs the same test patients");
        RunComparison comparison;
        comparison.baselineRunId = baselineRunId;
        comparison.runId = runIds[r];
        std::vector<std::vector<double>> deltaReplicates;
        for (const auto& task : base.taskOrder) {
            const auto it = other.tasks.find(task);
            if (it == other.tasks.end()) {
                comparison.onlyInOne.push_back(task);
                continue;
            }
            const auto paired = pairTask(task, base.tasks.at(task), it->second, slotOf, runIds[r]);
            TaskDelta delta;
            delta.task = task;
            delta.examples = paired.labels.size();
            delta.unmatched = paired.unmatched;
            delta.baseline = auroc(paired.labels, paired.baseline);
            delta.other = auroc(paired.labels, paired.other);
            const WeightedAuroc baseAuroc(paired.labels, paired.baseline), otherAuroc(paired.labels, paired.other);
            std::vector<double> weights(paired.labels.size()), replicates(static_cast<std::size_t>(config.replicates));
            for (int b = 0; b < config.replicates; ++b) {
                const auto counts = bootstrap.counts(b);
                for (std::size_t i = 0; i < weights.size(); ++i) weights[i] = counts[paired.patientSlot[i]];
                replicates[static_cast<std::size_t>(b)] = otherAuroc(weights) - baseAuroc(weights);
            }
            delta.delta = percentileInterval(delta.other - delta.baseline, replicates);
            if (std::isnan(delta.delta.value)) {
                comparison.onlyInOne.push_back(task);  // a class absent from the shared examples
                continue;
            }
            deltaReplicates.push_back(std::move(replicates));
            comparison.wins += delta.other > delta.baseline ? 1 : 0;
            comparison.tasks.push_back(delta);
        }
        for (const auto& task : other.taskOrder)
            if (!base.tasks.count(task)) comparison.onlyInOne.push_back(task);
        if (comparison.tasks.empty()) {
            comparison.meanDelta = {kNaN, kNaN, kNaN, 0};
            comparison.winRate = kNaN;
        } else {
            const double n = static_cast<double>(comparison.tasks.size());
            double point = 0.0;
            for (const auto& t : comparison.tasks) point += t.delta.value;
            std::vector<double> means(static_cast<std::size_t>(config.replicates), 0.0);
            for (const auto& task : deltaReplicates)
                for (std::size_t b = 0; b < means.size(); ++b) means[b] += task[b] / n;  // NaN: replicate skipped
            comparison.meanDelta = percentileInterval(point / n, means);
            comparison.winRate = comparison.wins / n;
        }
        out.push_back(std::move(comparison));
    }
    job.report("Comparing runs", 1.0);
    return out;
}

}  // namespace cb
