#pragma once

#include "core/analysis/perplexity_store.h"
#include "core/analysis/prepared_cohort.h"
#include "core/jobs/job_context.h"

namespace cb {

class CausalLm;

// The per-position perplexity of `model` (recorded as `modelRecord`) over the cohort's validation
// patients with `attention`: read back from `store` when a run with the same identity is there,
// otherwise computed and stored (cohort, model and run) in one go. `store` may be null: then
// nothing is read or written.
StoredPerplexity runPositionPerplexity(const PreparedCohort& cohort, CausalLm& model, const ModelRecord& modelRecord,
                                       const PositionPerplexityConfig& config, const AttentionSpec& attention,
                                       ResultStore* store, const JobContext& job = {});

}  // namespace cb
