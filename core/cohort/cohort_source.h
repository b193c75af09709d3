#pragma once

#include "core/cohort/cohort.h"
#include "core/cohort/synthetic_config.h"
#include "core/jobs/job_context.h"

#include <nlohmann/json.hpp>

#include <string>

namespace cb {

// Where "Open cohort..." and the CLI's PATH arguments take a cohort from:
//   a MEDS dataset folder        (it holds data/ with parquet files)
//   a FEMR / EHRSHOT CSV file or a folder of them
//   "synthetic" or "synthetic:patients=500,seed=7,copy_forward_rate=0.4" (SyntheticConfig's JSON keys)
struct CohortSourceOptions {
    bool strict = false;         // CSV: the first bad row is fatal
    std::string splits;          // CSV: EHRSHOT splits file; without it splits come from assignSplitsByHash
    std::string labels;          // CSV: EHRSHOT label folder (<task>/labeled_patients.csv)
};

struct LoadedCohort {
    Cohort cohort;
    std::string format;  // "meds", "femr_csv", "synthetic"
    // What the reader saw besides the cohort: bad CSV rows with line numbers, the generator's knobs,
    // how splits were assigned.
    nlohmann::json report = nlohmann::json::object();
};

bool isSyntheticSpec(const std::string& spec);
// Throws naming the unknown key or bad value.
SyntheticConfig parseSyntheticSpec(const std::string& spec);
// The spec that parseSyntheticSpec turns back into `config`: "synthetic" and every knob that
// differs from its default ("synthetic:patients=2000,seed=42").
std::string syntheticSpecOf(const SyntheticConfig& config);

// Throws cb::Error naming the path when it is none of the above or fails to read.
LoadedCohort loadCohort(const std::string& spec, const CohortSourceOptions& options = {}, const JobContext& job = {});

}  // namespace cb
