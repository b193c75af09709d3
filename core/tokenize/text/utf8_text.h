#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cb {

// Byte length of the sequence a well-formed UTF-8 lead byte starts.
inline std::size_t utf8SequenceLength(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead < 0xE0) return 2;
    if (lead < 0xF0) return 3;
    return 4;
}

// Code point at text[i] of well-formed UTF-8 (the tokenizer sanitises its input first, so no
// checks here); advances i past it.
inline char32_t nextCodePoint(std::string_view text, std::size_t& i) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + i;
    const std::size_t len = utf8SequenceLength(s[0]);
    i += len;
    switch (len) {
        case 1: return s[0];
        case 2: return (char32_t(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        case 3: return (char32_t(s[0] & 0x0F) << 12) | (char32_t(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        default:
            return (char32_t(s[0] & 0x07) << 18) | (char32_t(s[1] & 0x3F) << 12) | (char32_t(s[2] & 0x3F) << 6) |
                   (s[3] & 0x3F);
    }
}

void appendUtf8(std::string& out, char32_t cp);

// Appends `bytes`, replacing each maximal ill-formed subsequence with one U+FFFD: Unicode's
// recommended practice, which Rust's String::from_utf8_lossy (HF's decoders) and Python's
// errors="replace" both follow, so broken input and broken token sequences read the same here as there.
// Adds the number of bytes that were replaced to `replacedBytes`.
void appendSanitizedUtf8(std::string& out, std::string_view bytes, std::size_t& replacedBytes);

// `text` as well-formed UTF-8 (see appendSanitizedUtf8); replacedBytes is set to the bytes replaced.
std::string sanitizeUtf8(std::string_view text, std::size_t& replacedBytes);

}  // namespace cb
