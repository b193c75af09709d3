#pragma once

#include "core/cohort/cohort.h"
#include "core/cohort/synthetic_config.h"
#include "core/jobs/job_context.h"

namespace cb {

// The embedded default cohort: deterministic for a config, with labels for the 14 EHRSHOT tasks at
// 1-2 index admissions per patient and a 70/15/15 split by patient.
Cohort generateSyntheticCohort(const SyntheticConfig& config, const JobContext& job = {});

}  // namespace cb
