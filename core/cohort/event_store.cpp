#include "core/cohort/event_store.h"

#include <algorithm>

namespace cb {

std::size_t PatientEvents::countAtOrBefore(TimeUs cutoff) const {
    return static_cast<std::size_t>(std::upper_bound(time.begin(), time.end(), cutoff) - time.begin());
}

void EventStore::reserve(std::size_t events) {
    time_.reserve(events);
    code_.reserve(events);
    value_.reserve(events);
    text_.reserve(events);
}

void EventStore::append(TimeUs time, std::uint32_t code, float value, std::uint32_t text) {
    time_.push_back(time);
    code_.push_back(code);
    value_.push_back(value);
    text_.push_back(text);
}

void EventStore::endPatient() { offsets_.push_back(time_.size()); }

PatientEvents EventStore::patient(std::size_t index) const {
    const std::size_t begin = offsets_.at(index);
    const std::size_t count = offsets_.at(index + 1) - begin;
    return {std::span(time_).subspan(begin, count), std::span(code_).subspan(begin, count),
            std::span(value_).subspan(begin, count), std::span(text_).subspan(begin, count)};
}

}  // namespace cb
