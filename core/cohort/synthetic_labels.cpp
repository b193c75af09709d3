#include "core/cohort/synthetic_labels.h"

#include "core/cohort/task_catalog.h"

#include <algorithm>
#include <optional>

namespace cb {
namespace {

std::optional<TimeUs> firstTime(const std::vector<SyntheticEvent>& events, std::uint32_t code, TimeUs after,
                                TimeUs until) {
    for (const auto& e : events)
        if (e.code == code && e.time > after && e.time <= until) return e.time;
    return std::nullopt;
}

int severity(const SyntheticLab& lab, double value) {
    int level = 0;
    for (int i = 0; i < 3; ++i) {
        const double threshold = lab.thresholds[static_cast<std::size_t>(i)];
        if (lab.abnormalBelow ? value < threshold : value > threshold) level = i + 1;
    }
    return level;
}

std::size_t taskSlot(const char* name) {
    const auto& tasks = ehrshotTasks();
    for (std::size_t i = 0; i < tasks.size(); ++i)
        if (tasks[i].name == name) return i;
    return tasks.size();
}

}  // namespace

void appendSyntheticLabels(const SyntheticPatient& patient, const SyntheticCatalog& catalog,
                           std::uint32_t patientIndex, std::vector<TaskLabels>& tasks) {
    static const std::size_t los = taskSlot("guo_los");
    static const std::size_t readmission = taskSlot("guo_readmission");
    static const std::size_t icu = taskSlot("guo_icu");
    const auto& events = patient.events;
    const TimeUs never = std::numeric_limits<TimeUs>::max();

    for (const auto& admission : patient.indexAdmissions) {
        const TimeUs t = admission.predictionTime;
        auto add = [&](std::size_t slot, int value) { tasks[slot].labels.push_back({patientIndex, t, value}); };

        add(los, admission.discharge - admission.admission >= 7 * kDayUs ? 1 : 0);
        add(icu, firstTime(events, catalog.visitIcu, t, admission.discharge) ? 1 : 0);
        add(readmission,
            firstTime(events, catalog.visitInpatient, admission.discharge, admission.discharge + 30 * kDayUs) ? 1 : 0);

        for (int lab = 0; lab < kLabCount; ++lab) {
            const auto& spec = syntheticLabs()[static_cast<std::size_t>(lab)];
            if (spec.task[0] == '\0') continue;
            for (const auto& e : events) {
                if (e.code == catalog.labs[static_cast<std::size_t>(lab)] && e.time > t && e.time <= admission.discharge) {
                    add(taskSlot(spec.task), severity(spec, e.value));
                    break;
                }
            }
        }

        for (int k = 0; k < kConditionCount; ++k) {
            const auto code = catalog.diagnosis[static_cast<std::size_t>(k)];
            const auto first = firstTime(events, code, std::numeric_limits<TimeUs>::min(), never);
            if (first && *first <= t) continue;  // already diagnosed: not a new diagnosis
            add(taskSlot(syntheticConditions()[static_cast<std::size_t>(k)].task),
                first && *first <= t + 365 * kDayUs ? 1 : 0);
        }
    }
}

}  // namespace cb
