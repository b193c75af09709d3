#pragma once

#include "core/cohort/cohort.h"
#include "core/cohort/ehr_properties.h"
#include "core/jobs/job_context.h"
#include "core/tokenize/tokenized_cohort.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cb {

// The EHR properties of one (patient, prediction time): what the stratification ranks by.
struct ExampleProperties {
    std::uint32_t patient = 0;
    std::int64_t subjectId = 0;
    TimeUs time = 0;
    EhrProperties properties;
    std::int64_t tokens = -1;  // tokens the model sees up to `time`; -1 without a tokenizer
};

// Every distinct (patient, prediction time) that some task labels, sorted by patient then time.
// Patients are processed in parallel; `tokens`, when given, adds each example's token count.
std::vector<ExampleProperties> labelledExampleProperties(const Cohort& cohort, const TokenizedCohort* tokens,
                                                         const JobContext& job = {});

// One row per patient over its whole timeline (the cut-off is its last event).
std::vector<ExampleProperties> timelineProperties(const Cohort& cohort, const TokenizedCohort* tokens,
                                                  const JobContext& job = {});

// subject_id, prediction_time (ISO 8601 UTC), events, tokens, rr_1..rr_4, rr_geomean, gap_std_s,
// gap_mean_s, gap_iqr_s; undefined statistics are empty cells. Written atomically.
void writePropertiesCsv(const std::string& path, const std::vector<ExampleProperties>& rows);

}  // namespace cb
