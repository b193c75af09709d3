#pragma once

#include "core/analysis/example_properties.h"
#include "core/store/result_store.h"

#include <string>
#include <vector>

namespace cb {

// The result database keeps the EHR properties of a cohort's labelled examples next to the runs
// scored on them, so stratifying cached runs needs no access to the cohort's files.
bool hasExampleProperties(ResultStore& store, const std::string& cohortHash);
// Replaces what the store holds for the cohort, in one transaction.
void storeExampleProperties(ResultStore& store, const std::string& cohortHash, const std::vector<ExampleProperties>& rows);
// Rows come back without the in-cohort patient index (0), sorted by subject and time.
std::vector<ExampleProperties> loadExampleProperties(ResultStore& store, const std::string& cohortHash);

}  // namespace cb
