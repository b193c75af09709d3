#include "core/common/time_units.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace cb {

std::string formatTime(TimeUs time) {
    const std::time_t seconds = static_cast<std::time_t>(time / kSecondUs - (time % kSecondUs < 0 ? 1 : 0));
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", parts.tm_year + 1900,
                  parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
    return buffer;
}

std::string nowIso8601() {
    const auto now = std::chrono::system_clock::now();
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch());
    return formatTime(us.count());
}

}  // namespace cb
