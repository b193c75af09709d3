#pragma once

#include <cstdint>

namespace cb {

// The one class of a code point that the tokenizer patterns distinguish. Hugging Face evaluates
// \p{L}, \p{N} and \s through Oniguruma and added tokens' \w through Rust's regex crate, so the classes
// are cut along exactly those sets (tools/make_unicode_tables.py says how each is derived).
enum class CharClass : std::uint8_t { Other, Letter, Digit, LetterNumber, OtherNumber, Whitespace, WordOther };

// Table lookup for any code point (generated: unicode_categories.cpp).
CharClass charClassSlow(char32_t cp);
// Unicode version of the generated table, for messages and tests.
const char* unicodeTablesVersion();

inline CharClass charClass(char32_t cp) {
    // ASCII dominates real text; answering it inline keeps the scanners off the binary search.
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return CharClass::Letter;
        if (cp >= '0' && cp <= '9') return CharClass::Digit;
        if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) return CharClass::Whitespace;
        if (cp == '_') return CharClass::WordOther;
        return CharClass::Other;
    }
    return charClassSlow(cp);
}

inline bool isLetter(char32_t cp) { return charClass(cp) == CharClass::Letter; }
inline bool isNumber(char32_t cp) {
    const auto c = charClass(cp);
    return c == CharClass::Digit || c == CharClass::LetterNumber || c == CharClass::OtherNumber;
}
inline bool isWhitespace(char32_t cp) { return charClass(cp) == CharClass::Whitespace; }
// Rust regex's \w: what single_word treats as part of a word.
inline bool isWordChar(char32_t cp) {
    const auto c = charClass(cp);
    return c == CharClass::Letter || c == CharClass::Digit || c == CharClass::LetterNumber || c == CharClass::WordOther;
}

}  // namespace cb
