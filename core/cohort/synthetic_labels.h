#pragma once

#include "core/cohort/cohort.h"
#include "core/cohort/synthetic_catalog.h"
#include "core/cohort/synthetic_patient.h"

#include <vector>

namespace cb {

// Reads the 14 task labels of each index admission off the simulated timeline, with EHRSHOT's
// definitions: length of stay >= 7 days; ICU transfer after the prediction time; inpatient
// readmission within 30 days of discharge; the first lab of the admission after the prediction time
// (severity 0..3); a new diagnosis within a year, patients diagnosed before excluded.
// `tasks` must be laid out in ehrshotTasks() order.
void appendSyntheticLabels(const SyntheticPatient& patient, const SyntheticCatalog& catalog,
                           std::uint32_t patientIndex, std::vector<TaskLabels>& tasks);

}  // namespace cb
