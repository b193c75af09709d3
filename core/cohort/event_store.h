#pragma once

#include "core/common/time_units.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace cb {

// Static facts (sex, race) have no time in MEDS; they sort before every timed event.
inline constexpr TimeUs kStaticTime = std::numeric_limits<TimeUs>::min();
inline constexpr std::uint32_t kNoText = 0;

inline bool hasValue(float value) { return !std::isnan(value); }
inline constexpr float kNoValue = std::numeric_limits<float>::quiet_NaN();

// Read-only view of one patient's events, sorted by time.
struct PatientEvents {
    std::span<const TimeUs> time;
    std::span<const std::uint32_t> code;
    std::span<const float> value;
    std::span<const std::uint32_t> text;

    std::size_t size() const { return time.size(); }
    // Number of events with time <= cutoff: the prefix a prediction at `cutoff` may see.
    std::size_t countAtOrBefore(TimeUs cutoff) const;
};

// Columnar storage of every event of a cohort: 20 bytes an event (time 8, code 4, value 4,
// text id 4) plus one offset per patient.
class EventStore {
public:
    EventStore() { offsets_.push_back(0); }

    void reserve(std::size_t events);
    void append(TimeUs time, std::uint32_t code, float value = kNoValue, std::uint32_t text = kNoText);
    // Closes the current patient; events appended so far since the last call belong to it.
    void endPatient();
    // Takes whole columns (equal lengths) and the patient offsets (0, ..., events) without copying:
    // readers that stage events column by column hand them over at the end.
    static EventStore fromColumns(std::vector<TimeUs> time, std::vector<std::uint32_t> code, std::vector<float> value,
                                  std::vector<std::uint32_t> text, std::vector<std::uint64_t> offsets);

    std::size_t numPatients() const { return offsets_.size() - 1; }
    std::size_t numEvents() const { return time_.size(); }
    PatientEvents patient(std::size_t index) const;
    std::size_t patientSize(std::size_t index) const { return offsets_[index + 1] - offsets_[index]; }

    const std::vector<TimeUs>& times() const { return time_; }
    const std::vector<std::uint32_t>& codes() const { return code_; }
    const std::vector<float>& values() const { return value_; }
    const std::vector<std::uint32_t>& texts() const { return text_; }
    const std::vector<std::uint64_t>& offsets() const { return offsets_; }

    static constexpr std::size_t kBytesPerEvent =
        sizeof(TimeUs) + sizeof(std::uint32_t) + sizeof(float) + sizeof(std::uint32_t);

private:
    std::vector<TimeUs> time_;
    std::vector<std::uint32_t> code_;
    std::vector<float> value_;
    std::vector<std::uint32_t> text_;
    std::vector<std::uint64_t> offsets_;
};

}  // namespace cb
