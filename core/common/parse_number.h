#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cb {

// The whole of `text` as a base-10 integer, or nullopt (empty, trailing characters, out of range).
template <typename Integer>
std::optional<Integer> parseInteger(std::string_view text) {
    Integer value{};
    const auto* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
    return value;
}

}  // namespace cb
