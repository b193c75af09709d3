#pragma once

#include "app/cli/arg_parser.h"
#include "core/cohort/cohort_source.h"

namespace cb::cli {

// The flags every command that opens a cohort by PATH shares.
void addCohortSourceOptions(ArgParser& parser);
CohortSourceOptions cohortSourceOptions(const ArgParser& parser);

}  // namespace cb::cli
