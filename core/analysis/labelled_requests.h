#pragma once

#include "core/cohort/cohort.h"
#include "core/eval/featurizer.h"
#include "core/eval/linear_probe.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace cb {

// The labelled examples of some tasks, sharing one feature row per distinct (patient, prediction time).
struct LabelledRequests {
    std::vector<FeatureRequest> requests;
    std::map<std::string, std::vector<ProbeExample>> examples;  // by task; a task the cohort lacks has none
};

// Every label of `tasks`, or only those of the patients `keep` accepts.
LabelledRequests collectLabelledRequests(const Cohort& cohort, const std::vector<std::string>& tasks,
                                         const std::function<bool(std::uint32_t patient)>& keep = {});

}  // namespace cb
