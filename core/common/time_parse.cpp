#include "core/common/time_parse.h"

#include <charconv>
#include <chrono>

namespace cb {
namespace {

bool parseWhole(std::string_view text, int& out) {
    if (text.empty()) return false;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

// Reads exactly `digits` decimal digits at `pos`.
bool digitsAt(std::string_view text, std::size_t pos, std::size_t digits, int& out) {
    if (pos + digits > text.size()) return false;
    return parseWhole(text.substr(pos, digits), out) && text[pos] != '-' && text[pos] != '+';
}

}  // namespace

std::optional<TimeUs> parseDateTime(std::string_view text) {
    using namespace std::chrono;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!digitsAt(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !digitsAt(text, 5, 2, mo) ||
        text[7] != '-' || !digitsAt(text, 8, 2, d))
        return std::nullopt;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    TimeUs fraction = 0;
    std::size_t pos = 10;
    if (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T')) {
        if (!digitsAt(text, pos + 1, 2, h) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
            !digitsAt(text, pos + 4, 2, mi))
            return std::nullopt;
        pos += 6;
        if (pos < text.size() && text[pos] == ':') {
            if (!digitsAt(text, pos + 1, 2, s)) return std::nullopt;
            pos += 3;
            if (pos < text.size() && text[pos] == '.') {
                std::size_t digits = 0;
                TimeUs scale = 100000;
                for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++digits) {
                    fraction += (text[pos] - '0') * scale;  // digits past microseconds are dropped
                    scale /= 10;
                }
                if (digits == 0) return std::nullopt;
            }
        }
        if (h > 23 || mi > 59 || s > 59) return std::nullopt;
    }
    if (pos < text.size() && text[pos] == 'Z') ++pos;
    if (pos != text.size()) return std::nullopt;
    const auto days = sys_days(date).time_since_epoch().count();
    return static_cast<TimeUs>(days) * kDayUs + h * kHourUs + mi * kMinuteUs + s * kSecondUs + fraction;
}

}  // namespace cb
