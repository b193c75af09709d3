#pragma once

#include <string>
#include <string_view>

namespace cb {

// GPT-2's reversible byte-to-character map: printable Latin-1 bytes stand for themselves, the other
// 68 bytes (controls, space, soft hyphen, ...) become U+0100..U+0143, so every byte string reads as
// printable text and a BPE vocabulary of such strings covers any input without an unknown token.

// The character that stands for `byte`, as UTF-8.
std::string_view byteLevelSymbol(unsigned char byte);

// Appends the byte-level spelling of each byte of `bytes`.
void appendByteLevel(std::string& out, std::string_view bytes);

// The byte a byte-level character stands for, or -1 if `cp` is not one of the 256.
int byteLevelByte(char32_t cp);

}  // namespace cb
