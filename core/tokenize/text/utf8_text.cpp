#include "core/tokenize/text/utf8_text.h"

namespace cb {
namespace {

// Length of the well-formed sequence at s[0..n), or 0 with `subpart` set to the length of the
// maximal ill-formed prefix (at least 1) that stands for one replacement character. The ranges
// are Unicode's table of well-formed byte sequences (no overlongs, surrogates or values past 10FFFF).
std::size_t wellFormedLength(const unsigned char* s, std::size_t n, std::size_t& subpart) {
    const unsigned c = s[0];
    if (c < 0x80) return 1;
    std::size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c == 0xE0) need = 2, lo = 0xA0;
    else if (c == 0xED) need = 2, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF) need = 2;
    else if (c == 0xF0) need = 3, lo = 0x90;
    else if (c == 0xF4) need = 3, hi = 0x8F;
    else if (c >= 0xF1 && c <= 0xF3) need = 3;
    else {
        subpart = 1;
        return 0;
    }
    for (std::size_t k = 1; k <= need; ++k) {
        if (k >= n || s[k] < lo || s[k] > hi) {
            subpart = k;
            return 0;
        }
        lo = 0x80, hi = 0xBF;
    }
    return need + 1;
}

}  // namespace

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

void appendSanitizedUtf8(std::string& out, std::string_view bytes, std::size_t& replacedBytes) {
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        // Copy well-formed runs in one go: most input is valid.
        std::size_t runEnd = i, subpart = 0, len;
        while (runEnd < n && (len = wellFormedLength(s + runEnd, n - runEnd, subpart)) != 0) runEnd += len;
        out.append(bytes.data() + i, runEnd - i);
        if (runEnd == n) break;
        out.append("\xEF\xBF\xBD");
        replacedBytes += subpart;
        i = runEnd + subpart;
    }
}

std::string sanitizeUtf8(std::string_view text, std::size_t& replacedBytes) {
    replacedBytes = 0;
    std::string out;
    out.reserve(text.size() + 8);
    appendSanitizedUtf8(out, text, replacedBytes);
    return out;
}

}  // namespace cb
