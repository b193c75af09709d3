#pragma once

#include "core/cohort/event_store.h"

#include <array>
#include <cstddef>

namespace cb {

// The EHR-specific properties of Context Clues, per (patient, prediction time), over the raw event
// codes with time <= the prediction time.
struct EhrProperties {
    // rr_n = (#distinct n-grams occurring more than once) / (#distinct n-grams), n = 1..4.
    std::array<double, 4> repetition{};
    double repetitionGeoMean = 0.0;
    // Gaps in seconds between consecutive timed events, zero gaps included.
    double gapStd = 0.0;  // ddof = 1
    double gapMean = 0.0;
    double gapIqr = 0.0;
    std::size_t events = 0;
};

EhrProperties computeEhrProperties(const PatientEvents& events, TimeUs cutoff);

}  // namespace cb
