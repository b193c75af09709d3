#include "core/tokenize/text/byte_level_alphabet.h"

#include "core/tokenize/text/utf8_text.h"

#include <array>

namespace cb {
namespace {

struct Alphabet {
    std::array<char32_t, 256> charOf{};
    std::array<std::string, 256> utf8Of;
    std::array<short, 0x100 + 68> byteOf{};  // indexed by character; -1 where no byte maps

    Alphabet() {
        byteOf.fill(-1);
        auto printable = [](unsigned b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE; };
        char32_t next = 0x100;
        for (unsigned b = 0; b < 256; ++b) {
            charOf[b] = printable(b) ? char32_t(b) : next++;
            appendUtf8(utf8Of[b], charOf[b]);
            byteOf[charOf[b]] = static_cast<short>(b);
        }
    }
};

const Alphabet& alphabet() {
    static const Alphabet instance;
    return instance;
}

}  // namespace

std::string_view byteLevelSymbol(unsigned char byte) { return alphabet().utf8Of[byte]; }

void appendByteLevel(std::string& out, std::string_view bytes) {
    const auto& a = alphabet();
    // Every symbol is one or two UTF-8 bytes; writing into reserved space beats 256 small appends.
    const std::size_t start = out.size();
    out.resize(start + 2 * bytes.size());
    char* dst = out.data() + start;
    for (const char c : bytes) {
        const std::string& symbol = a.utf8Of[static_cast<unsigned char>(c)];
        *dst++ = symbol[0];
        if (symbol.size() == 2) *dst++ = symbol[1];
    }
    out.resize(std::size_t(dst - out.data()));
}

int byteLevelByte(char32_t cp) {
    const auto& a = alphabet();
    return cp < a.byteOf.size() ? a.byteOf[cp] : -1;
}

}  // namespace cb
