#include "core/cohort/event_store.h"

#include "core/common/error.h"

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

EventStore EventStore::fromColumns(std::vector<TimeUs> time, std::vector<std::uint32_t> code, std::vector<float> value,
                                   std::vector<std::uint32_t> text, std::vector<std::uint64_t> offsets) {
    const auto n = time.size();
    if (code.size() != n || value.size() != n || text.size() != n || offsets.empty() || offsets.front() != 0 ||
        offsets.back() != n || !std::is_sorted(offsets.begin(), offsets.end()))
        throw Error("EventStore::fromColumns: columns and offsets disagree");
    EventStore store;
    store.time_ = std::move(time);
    store.code_ = std::move(code);
    store.value_ = std::move(value);
    store.text_ = std::move(text);
    store.offsets_ = std::move(offsets);
    return store;
}

PatientEvents EventStore::patient(std::size_t index) const {
    const std::size_t begin = offsets_.at(index);
    const std::size_t count = offsets_.at(index + 1) - begin;
    return {std::span(time_).subspan(begin, count), std::span(code_).subspan(begin, count),
            std::span(value_).subspan(begin, count), std::span(text_).subspan(begin, count)};
}

}  // namespace cb
