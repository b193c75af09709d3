#pragma once

#include "core/cohort/cohort.h"
#include "core/io/compression.h"

#include <cstddef>
#include <string>

namespace cb {

// Writes `cohort` as a MEDS v0.4 dataset that readMedsDataset reads back to the same contentHash():
//   data/<split>/0.parquet           one shard per non-empty split, subjects in cohort order, row groups
//                                    of about `rowGroupRows` rows (whole subjects)
//   metadata/dataset.json            names the cohort; "contextbench" records the source and task order
//   metadata/codes.parquet           every code of the cohort's table, in id order (descriptions and
//                                    parent codes null)
//   metadata/subject_splits.parquet
//   task_labels/<task>/0.parquet     boolean_value for 0/1 tasks, integer_value for lab severities
// The round trip is exact when subject ids ascend in cohort order (as the readers and the synthetic
// generator produce them): the reader orders subjects by subject_id. `folder` must be absent or empty.
void writeMedsDataset(const Cohort& cohort, const std::string& folder, Codec codec = Codec::Zstd,
                      std::size_t rowGroupRows = 1 << 17);

}  // namespace cb
