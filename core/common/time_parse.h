#pragma once

#include "core/common/time_units.h"

#include <optional>
#include <string_view>

namespace cb {

// "2020-01-31", "2020-01-31 08:00", "2020-01-31T08:00:00.123456" with an optional trailing 'Z', as
// UTC microseconds; digits past microseconds are dropped. nullopt for anything else, including
// impossible dates (2021-02-30) and times (24:00).
std::optional<TimeUs> parseDateTime(std::string_view text);

}  // namespace cb
