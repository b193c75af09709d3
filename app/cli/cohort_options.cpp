#include "app/cli/cohort_options.h"

namespace cb::cli {

void addCohortSourceOptions(ArgParser& parser) {
    parser.flag("strict", "CSV: stop at the first bad row instead of counting it")
        .option("splits", "CSV: EHRSHOT splits file (person_id_map.csv); default: 70/15/15 by hashed subject id", "")
        .option("labels", "CSV: EHRSHOT label folder (<task>/labeled_patients.csv)", "");
}

CohortSourceOptions cohortSourceOptions(const ArgParser& parser) {
    CohortSourceOptions options;
    options.strict = parser.has("strict");
    options.splits = parser.value("splits");
    options.labels = parser.value("labels");
    return options;
}

}  // namespace cb::cli
