#pragma once

#include <cstdint>
#include <string>

namespace cb {

// Event times are microseconds since the Unix epoch, the unit of MEDS `timestamp[us]`.
using TimeUs = std::int64_t;

inline constexpr TimeUs kSecondUs = 1'000'000;
inline constexpr TimeUs kMinuteUs = 60 * kSecondUs;
inline constexpr TimeUs kHourUs = 60 * kMinuteUs;
inline constexpr TimeUs kDayUs = 24 * kHourUs;

// "2021-03-04T05:06:07" (UTC), for CSV exports and error messages.
std::string formatTime(TimeUs time);
// Current wall-clock time in the same format, for the result store's audit columns.
std::string nowIso8601();

}  // namespace cb
