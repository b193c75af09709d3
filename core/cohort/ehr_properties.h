#pragma once

#include "core/cohort/event_store.h"

#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace cb {

// The EHR-specific properties of Context Clues, per (patient, prediction time), over the raw event
// codes with time <= the prediction time.
struct EhrProperties {
    // rr_n = (#distinct n-grams occurring more than once) / (#distinct n-grams), n = 1..4; 0 when the
    // prefix is shorter than n (no n-gram, nothing repeated).
    std::array<double, 4> repetition{};
    double repetitionGeoMean = 0.0;  // 0 when any rr_n is 0
    // Gaps in seconds between consecutive timed events, zero gaps included. NaN where pandas gives
    // NaN: the mean and IQR without a gap, the std (ddof = 1) with fewer than two.
    double gapStd = 0.0;
    double gapMean = 0.0;
    double gapIqr = 0.0;
    std::size_t events = 0;
};

EhrProperties computeEhrProperties(const PatientEvents& events, TimeUs cutoff);

// Properties of one patient at several cutoffs in a single pass over the timeline: n-gram counts and
// gap moments are updated event by event, so a patient with many prediction times costs about as
// much as one. `cutoffs` must be sorted ascending; the result follows their order.
std::vector<EhrProperties> computeEhrPropertiesAt(const PatientEvents& events, std::span<const TimeUs> cutoffs);

}  // namespace cb
