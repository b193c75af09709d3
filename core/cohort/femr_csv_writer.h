#pragma once

#include "core/cohort/cohort.h"
#include "core/jobs/job_context.h"

#include <string>

namespace cb {

// Writes `cohort` in FEMR's simple CSV layout, the one EHRSHOT was released in: patient_id, start,
// code, value, then end, unit, visit_id and omop_table (left empty). Times are UTC
// "YYYY-MM-DD HH:MM:SS[.ffffff]"; numbers keep float precision; texts are quoted as RFC 4180 needs.
// readFemrCsv reads it back to the same events. Static events (no time) cannot be written: an error.
// Written atomically.
void writeFemrCsv(const Cohort& cohort, const std::string& path, const JobContext& job = {});

}  // namespace cb
