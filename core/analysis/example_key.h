#pragma once

#include "core/common/time_units.h"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace cb {

// One labelled example of a task: a patient at a prediction time. Runs of a cohort predict the same
// examples, which is what lets them be lined up (stratified, compared) one example at a time.
struct ExampleKey {
    std::int64_t subject = 0;
    TimeUs time = 0;
    bool operator==(const ExampleKey&) const = default;
    bool operator<(const ExampleKey& o) const { return subject != o.subject ? subject < o.subject : time < o.time; }
};

struct ExampleKeyHash {
    std::size_t operator()(const ExampleKey& k) const { return std::hash<std::int64_t>{}(k.subject * 0x9e3779b97f4a7c15LL ^ k.time); }
};

}  // namespace cb
