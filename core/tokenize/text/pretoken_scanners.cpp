#include "core/tokenize/text/pretoken_scanners.h"

#include "core/tokenize/text/unicode_categories.h"
#include "core/tokenize/text/utf8_text.h"

#include <cstddef>
#include <cstdint>

namespace cb {

const char* const kGpt2SplitRegex = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
const char* const kLlama3SplitRegex =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

std::optional<SplitPattern> splitPatternFromRegex(std::string_view regex) {
    if (regex == kGpt2SplitRegex) return SplitPattern::Gpt2;
    if (regex == kLlama3SplitRegex) return SplitPattern::Llama3;
    return std::nullopt;
}

namespace {

// The four groups the patterns tell apart.
enum class Kind : std::uint8_t { Letter, Number, Space, Other };

Kind kindOf(char32_t cp) {
    switch (charClass(cp)) {
        case CharClass::Letter: return Kind::Letter;
        case CharClass::Digit:
        case CharClass::LetterNumber:
        case CharClass::OtherNumber: return Kind::Number;
        case CharClass::Whitespace: return Kind::Space;
        default: return Kind::Other;
    }
}

// Reads the text one code point at a time; positions are byte offsets.
struct Text {
    std::string_view s;

    struct Char {
        char32_t cp;
        Kind kind;
        std::size_t end;  // byte offset after it
    };
    Char at(std::size_t i) const {
        std::size_t next = i;
        const char32_t cp = nextCodePoint(s, next);
        return {cp, kindOf(cp), next};
    }
    std::size_t size() const { return s.size(); }
    std::size_t runEnd(std::size_t i, Kind k) const {
        while (i < s.size()) {
            const Char c = at(i);
            if (c.kind != k) break;
            i = c.end;
        }
        return i;
    }
};

bool isLineBreak(char32_t c) { return c == '\r' || c == '\n'; }

// The contraction alternatives; with (?i) Oniguruma also folds U+017F (long s) to 's', the one
// non-ASCII letter that case-folds onto these.
std::size_t contractionEnd(const Text& t, std::size_t i, bool ignoreCase) {
    if (t.s[i] != '\'' || i + 1 >= t.size()) return 0;
    auto fold = [&](char32_t c) -> char32_t {
        if (!ignoreCase) return c;
        if (c >= 'A' && c <= 'Z') return c + 32;
        return c == 0x17F ? U's' : c;
    };
    const auto first = t.at(i + 1);
    const char32_t a = fold(first.cp);
    if (a == 's' || a == 't' || a == 'm' || a == 'd') return first.end;
    if (first.end >= t.size()) return 0;
    const auto second = t.at(first.end);
    const char32_t b = fold(second.cp);
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return second.end;
    return 0;
}

// A maximal whitespace run from i: where it ends, where its last character starts, and where its
// last line break ends (0 if it has none).
struct SpaceRun {
    std::size_t end, lastStart, afterLastBreak;
};
SpaceRun spaceRun(const Text& t, std::size_t i) {
    SpaceRun run{i, i, 0};
    while (run.end < t.size()) {
        const auto c = t.at(run.end);
        if (c.kind != Kind::Space) break;
        run.lastStart = run.end;
        run.end = c.end;
        if (isLineBreak(c.cp)) run.afterLastBreak = c.end;
    }
    return run;
}

// \s+(?!\S)|\s+ from a whitespace character at i: the whole run when it ends the text, else the
// run less its last character (which then leads the next word), but never less than one character.
std::size_t trailingSpaceEnd(const SpaceRun& run, std::size_t i, std::size_t size) {
    if (run.end == size || run.lastStart == i) return run.end;
    return run.lastStart;
}

std::size_t gpt2MatchEnd(const Text& t, std::size_t i) {
    if (const std::size_t end = contractionEnd(t, i, false)) return end;
    const auto c = t.at(i);
    // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: the optional space only helps when a run follows.
    if (c.cp == ' ' && c.end < t.size()) {
        const Kind next = t.at(c.end).kind;
        if (next != Kind::Space) return t.runEnd(c.end, next);
    }
    if (c.kind != Kind::Space) return t.runEnd(i, c.kind);
    return trailingSpaceEnd(spaceRun(t, i), i, t.size());
}

std::size_t llama3MatchEnd(const Text& t, std::size_t i) {
    if (const std::size_t end = contractionEnd(t, i, true)) return end;
    const auto c = t.at(i);
    // [^\r\n\p{L}\p{N}]?\p{L}+
    if (c.kind == Kind::Letter) return t.runEnd(i, Kind::Letter);
    const Kind next = c.end < t.size() ? t.at(c.end).kind : Kind::Space;
    if (c.kind != Kind::Number && !isLineBreak(c.cp) && c.end < t.size() && next == Kind::Letter)
        return t.runEnd(c.end, Kind::Letter);
    // \p{N}{1,3}
    if (c.kind == Kind::Number) {
        std::size_t end = c.end;
        for (int count = 1; count < 3 && end < t.size(); ++count) {
            const auto d = t.at(end);
            if (d.kind != Kind::Number) break;
            end = d.end;
        }
        return end;
    }
    // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
    std::size_t start = i;
    if (c.cp == ' ' && c.end < t.size() && next == Kind::Other) start = c.end;
    if (start != i || c.kind == Kind::Other) {
        std::size_t end = t.runEnd(start, Kind::Other);
        while (end < t.size() && (t.s[end] == '\r' || t.s[end] == '\n')) ++end;
        return end;
    }
    // \s*[\r\n]+ : backtracking leaves the match just after the run's last line break.
    const SpaceRun run = spaceRun(t, i);
    if (run.afterLastBreak) return run.afterLastBreak;
    return trailingSpaceEnd(run, i, t.size());
}

}  // namespace

void scanPreTokens(SplitPattern pattern, std::string_view text, std::vector<std::string_view>& pieces) {
    const Text t{text};
    for (std::size_t i = 0; i < t.size();) {
        const std::size_t end = pattern == SplitPattern::Gpt2 ? gpt2MatchEnd(t, i) : llama3MatchEnd(t, i);
        pieces.push_back(text.substr(i, end - i));
        i = end;
    }
}

}  // namespace cb
