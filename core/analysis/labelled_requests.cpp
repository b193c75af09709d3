#include "core/analysis/labelled_requests.h"

#include "core/cohort/task_catalog.h"

namespace cb {

LabelledRequests collectLabelledRequests(const Cohort& cohort, const std::vector<std::string>& tasks,
                                         const std::function<bool(std::uint32_t patient)>& keep) {
    LabelledRequests out;
    std::map<FeatureRequest, std::size_t> rowOf;
    for (const auto& name : tasks) {
        const auto* labels = cohort.findTask(name);
        auto& examples = out.examples[name];
        if (!labels) continue;
        for (const auto& l : labels->labels) {
            if (keep && !keep(l.patient)) continue;
            const FeatureRequest request{l.patient, l.predictionTime};
            auto [it, inserted] = rowOf.emplace(request, out.requests.size());
            if (inserted) out.requests.push_back(request);
            examples.push_back({it->second, static_cast<std::uint8_t>(isPositive(l.value) ? 1 : 0), cohort.splits[l.patient],
                                l.patient, l.predictionTime});
        }
    }
    return out;
}

}  // namespace cb
