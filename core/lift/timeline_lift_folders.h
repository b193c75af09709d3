#pragma once

#include "core/cohort/cohort.h"
#include "core/lift/timeline_lift.h"

#include <string>
#include <vector>

namespace cb {

// LIFT on timelines from model folders, as the CLI and the GUI start it: opens the short (and, given,
// the long) model, puts the cohort in each model's own token ids (its tokenizer_config.json), checks
// the tasks, and runs runTimelineLift. `tasks` empty means every task the cohort labels.
struct TimelineLiftFolders {
    std::string shortModel;
    std::string longModel;  // empty: no long-context comparison
    int longContext = 0;    // 0: the long model's limit
    std::vector<std::string> tasks;
};

TimelineLiftResult runTimelineLiftFromFolders(const Cohort& cohort, const TimelineLiftFolders& folders,
                                              const TimelineLiftConfig& config, const std::string& device,
                                              const JobContext& job = {});

}  // namespace cb
