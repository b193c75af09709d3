#pragma once

#include "core/cohort/synthetic_catalog.h"
#include "core/cohort/synthetic_config.h"
#include "core/common/time_units.h"

#include <cstdint>
#include <vector>

namespace cb {

struct SyntheticEvent {
    TimeUs time;
    std::uint32_t code;
    float value;
};

// An inpatient admission at which all 14 tasks are labelled.
struct IndexAdmission {
    TimeUs admission = 0;
    TimeUs predictionTime = 0;  // two hours in: vitals, diagnoses and orders are in, labs are not
    TimeUs discharge = 0;
};

struct SyntheticPatient {
    std::vector<SyntheticEvent> events;  // sorted by time, stable within a time
    std::vector<IndexAdmission> indexAdmissions;
};

// Simulates one patient's whole timeline, outcomes after the index admissions included; the task
// labels are then read off the timeline itself (see synthetic_labels.h).
SyntheticPatient simulatePatient(const SyntheticConfig& config, const SyntheticCatalog& catalog,
                                 std::uint64_t patientSeed);

}  // namespace cb
