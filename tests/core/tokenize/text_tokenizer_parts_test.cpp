#include "core/tokenize/text/pretoken_scanners.h"
#include "core/tokenize/text/unicode_categories.h"
#include "core/tokenize/text/utf8_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cb {
namespace {

std::vector<std::string> scan(SplitPattern pattern, std::string_view text) {
    std::vector<std::string_view> pieces;
    scanPreTokens(pattern, text, pieces);
    return {pieces.begin(), pieces.end()};
}

using Pieces = std::vector<std::string>;

// Expected splits were read off HF tokenizers 0.21.4's Split pre-tokenizer with these regexes.
TEST(PreTokenScanner, Llama3KeepsWhitespaceBeforeLineBreaksWithTheBreaks) {
    EXPECT_EQ(scan(SplitPattern::Llama3, "a \t\n\n b"), (Pieces{"a", " \t\n\n", " b"}));
    EXPECT_EQ(scan(SplitPattern::Llama3, "  \r\n x"), (Pieces{"  \r\n", " x"}));
    EXPECT_EQ(scan(SplitPattern::Llama3, "a   \n"), (Pieces{"a", "   \n"}));
    EXPECT_EQ(scan(SplitPattern::Llama3, ",,\n\nx"), (Pieces{",,\n\n", "x"}));
}

TEST(PreTokenScanner, Llama3CutsNumbersIntoThreeDigitGroups) {
    EXPECT_EQ(scan(SplitPattern::Llama3, "12345"), (Pieces{"123", "45"}));
}

TEST(PreTokenScanner, Llama3ContractionsIgnoreCaseIncludingLongS) {
    EXPECT_EQ(scan(SplitPattern::Llama3, "x'S'RE'Ll"), (Pieces{"x", "'S", "'RE", "'Ll"}));
    EXPECT_EQ(scan(SplitPattern::Llama3, "x'\xC5\xBFx"), (Pieces{"x", "'\xC5\xBF", "x"}));  // 'ſ
}

TEST(PreTokenScanner, Llama3LetsOnePunctuationOrSpaceLeadAWord) {
    EXPECT_EQ(scan(SplitPattern::Llama3, "a\xC2\xA0\xC2\xA0" "b"), (Pieces{"a", "\xC2\xA0", "\xC2\xA0" "b"}));
    EXPECT_EQ(scan(SplitPattern::Llama3, "abc\xCC\x81" "d"), (Pieces{"abc", "\xCC\x81" "d"}));  // combining mark is not a letter
}

TEST(PreTokenScanner, Gpt2ContractionsAreCaseSensitiveAndSpacesBackOffBeforeAWord) {
    EXPECT_EQ(scan(SplitPattern::Gpt2, "x'S'RE'Ll"), (Pieces{"x", "'", "S", "'", "RE", "'", "Ll"}));
    EXPECT_EQ(scan(SplitPattern::Gpt2, "a \t\n\n b"), (Pieces{"a", " \t\n\n", " b"}));
    EXPECT_EQ(scan(SplitPattern::Gpt2, "a\xC2\xA0\xC2\xA0" "b"), (Pieces{"a", "\xC2\xA0", "\xC2\xA0", "b"}));
    EXPECT_EQ(scan(SplitPattern::Gpt2, ",,\n\nx"), (Pieces{",,", "\n", "\n", "x"}));
    EXPECT_EQ(scan(SplitPattern::Gpt2, "12345 end   "), (Pieces{"12345", " end", "   "}));
}

TEST(PreTokenScanner, RecognisesExactlyTheTwoRegexesOfTokenizerFiles) {
    EXPECT_EQ(splitPatternFromRegex(kGpt2SplitRegex), SplitPattern::Gpt2);
    EXPECT_EQ(splitPatternFromRegex(kLlama3SplitRegex), SplitPattern::Llama3);
    EXPECT_EQ(splitPatternFromRegex("\\p{L}+"), std::nullopt);
}

TEST(UnicodeCategories, FollowUnicode16AsTokenizersOnigurumaDoes) {
    EXPECT_STREQ(unicodeTablesVersion(), "16.0.0");
    EXPECT_EQ(charClass(U'\u00E4'), CharClass::Letter);
    EXPECT_EQ(charClass(U'\u1C89'), CharClass::Letter);  // assigned in Unicode 16
    EXPECT_EQ(charClass(U'\u0663'), CharClass::Digit);
    EXPECT_EQ(charClass(U'\u00BD'), CharClass::OtherNumber);
    EXPECT_EQ(charClass(U'\u3000'), CharClass::Whitespace);
    EXPECT_EQ(charClass(U'\u0085'), CharClass::Whitespace);
    EXPECT_EQ(charClass(U'\u200B'), CharClass::Other);  // zero-width space is not \s
    EXPECT_EQ(charClass(U'\u001C'), CharClass::Other);  // nor the information separators
    EXPECT_EQ(charClass(U'\u0301'), CharClass::WordOther);
    EXPECT_EQ(charClass(U'\U0001F600'), CharClass::Other);
    EXPECT_EQ(charClass(U'\U0010FFFF'), CharClass::Other);
}

TEST(Utf8Sanitize, ReplacesEachMaximalBadSequenceWithOneReplacementCharacter) {
    std::size_t replaced = 0;
    EXPECT_EQ(sanitizeUtf8("ok", replaced), "ok");
    EXPECT_EQ(replaced, 0u);
    EXPECT_EQ(sanitizeUtf8("a\xF0\x9F\x98" "b", replaced), "a\xEF\xBF\xBD" "b");  // truncated emoji: one U+FFFD
    EXPECT_EQ(replaced, 3u);
    EXPECT_EQ(sanitizeUtf8("\xED\xA0\x80", replaced), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate: one each
    EXPECT_EQ(replaced, 3u);
    EXPECT_EQ(sanitizeUtf8("\xC0\xAF", replaced), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
    EXPECT_EQ(replaced, 2u);
    EXPECT_EQ(sanitizeUtf8("\xE4\xB8", replaced), "\xEF\xBF\xBD");  // cut at the end
    EXPECT_EQ(replaced, 2u);
}

}  // namespace
}  // namespace cb
