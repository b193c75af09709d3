#pragma once

#include "core/analysis/prepared_cohort.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace cb {

struct TaskLabelCount {
    std::string task;
    std::int64_t labels = 0, positives = 0;
};

// What the cohort panel shows.
struct CohortSummary {
    std::string name, source, hash;
    std::int64_t patients = 0, events = 0, tokens = 0;
    std::int64_t train = 0, tuning = 0, heldOut = 0;
    std::vector<std::int64_t> tokensPerPatient;
    std::int64_t vocabularySize = 0;
    std::int64_t unknownEvents = 0;
    std::vector<std::pair<std::string, std::uint64_t>> topUnknownCodes;
    std::vector<TaskLabelCount> tasks;
    nlohmann::json toJson() const;  // without the per-patient vector
};

CohortSummary summarizeCohort(const PreparedCohort& prepared);

}  // namespace cb
