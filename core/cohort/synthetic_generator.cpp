#include "core/cohort/synthetic_generator.h"

#include "core/cohort/synthetic_catalog.h"
#include "core/cohort/synthetic_labels.h"
#include "core/cohort/synthetic_patient.h"
#include "core/cohort/task_catalog.h"
#include "core/common/rng.h"

#include <numeric>

namespace cb {
namespace {

std::vector<Split> drawSplits(std::size_t patients, std::uint64_t seed) {
    std::vector<std::size_t> order(patients);
    std::iota(order.begin(), order.end(), 0);
    Rng rng(seed ^ 0x5b1175ULL);
    for (std::size_t i = patients; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    const std::size_t train = patients * 70 / 100;
    const std::size_t tuning = patients * 15 / 100;
    std::vector<Split> splits(patients, Split::HeldOut);
    for (std::size_t rank = 0; rank < patients; ++rank)
        splits[order[rank]] = rank < train ? Split::Train : (rank < train + tuning ? Split::Tuning : Split::HeldOut);
    return splits;
}

}  // namespace

Cohort generateSyntheticCohort(const SyntheticConfig& config, const JobContext& job) {
    config.validate();
    Cohort cohort;
    cohort.name = "synthetic-" + std::to_string(config.patients) + "-seed" + std::to_string(config.seed);
    cohort.source = "synthetic";
    const SyntheticCatalog catalog(cohort.codes);
    for (const auto& task : ehrshotTasks()) cohort.tasks.push_back({task.name, {}});

    Rng seeds(config.seed);
    const auto patients = static_cast<std::size_t>(config.patients);
    for (std::size_t p = 0; p < patients; ++p) {
        if (p % 100 == 0) {
            job.throwIfCancelled();
            job.report("Generating cohort", static_cast<double>(p) / patients);
        }
        const auto simulated = simulatePatient(config, catalog, seeds.next());
        for (const auto& e : simulated.events) cohort.events.append(e.time, e.code, e.value);
        cohort.events.endPatient();
        cohort.subjectIds.push_back(static_cast<std::int64_t>(1000 + p));
        appendSyntheticLabels(simulated, catalog, static_cast<std::uint32_t>(p), cohort.tasks);
    }
    cohort.splits = drawSplits(patients, config.seed);
    job.report("Generating cohort", 1.0);
    return cohort;
}

}  // namespace cb
