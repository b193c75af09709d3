#include "core/lift/document_tokens.h"
#include "core/tokenize/text/text_tokenizer.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

namespace cb {
namespace {

// Long enough for several pieces, with the line shapes that could split differently in pieces:
// blank lines, trailing spaces, indented lines, CRLF, numbers and non-ASCII text.
std::string longDocument() {
    std::string text;
    for (int i = 0; text.size() < 900 * 1024; ++i) {
        text += "On 2019-03-" + std::to_string(i % 28 + 1) + " hemoglobin was " + std::to_string(i % 17) + ".5 g/dL \n";
        if (i % 7 == 0) text += "\n";
        if (i % 11 == 0) text += "  Indented: Größe ☃ 体重 65 kg\r\n";
        if (i % 13 == 0) text += "Plan:\tcontinue\n\n\nFollow-up in 3 weeks.\n";
    }
    return text;
}

TEST(DocumentTokens, PiecewiseEncodingEqualsOneWholeEncode) {
    const auto text = longDocument();
    for (const char* family : {"gpt2", "llama3", "llama2", "byte"}) {
        const auto tokenizer = TextTokenizer::fromFile(test::dataPath(std::string("text_tokenizers/") + family + "/tokenizer.json"));
        std::vector<double> fractions;
        const JobContext job([&](const ProgressUpdate& u) { fractions.push_back(u.fraction); }, CancelToken());
        const auto tokens = tokenizeDocument(tokenizer, text, job);
        EXPECT_EQ(tokens.ids, tokenizer.encode(text, false)) << family;
        EXPECT_EQ(tokens.replacedBytes, 0u);
        ASSERT_FALSE(fractions.empty());
        EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
        // Every family goes piece by piece, so a 900 KB text reports progress on the way: Llama-2's
        // cut only where no token spans the cut (its vocabulary has "\r\nLine" and ".\n").
        EXPECT_GE(fractions.size(), 3u) << family;
    }
}

TEST(DocumentTokens, LlamaTwoCutsOnlyWhereNoTokenSpansTheCut) {
    const auto llama2 = TextTokenizer::fromFile(test::dataPath("text_tokenizers/llama2/tokenizer.json"));
    ASSERT_TRUE(llama2.marksTextStart());
    const std::string text = "Line one.\r\nLine two";
    EXPECT_FALSE(llama2.cutsCleanlyAt(text, text.find("\nLine")));      // "\r\nLine" is a token
    EXPECT_FALSE(llama2.cutsCleanlyAt(text, text.find("\nLine") + 1));  // ... and so is "\nL" inside it
    EXPECT_FALSE(llama2.cutsCleanlyAt(text, 0));
    EXPECT_FALSE(llama2.cutsCleanlyAt("Größe", 3));  // inside the two bytes of "ö"
    // Wherever it says yes, the two encodings together are the whole one.
    int cuts = 0;
    const std::string sample = "Größe 65 kg.\nPlan: continue ☃ 体重\r\nLine three";
    for (std::size_t at = 1; at < sample.size(); ++at) {
        if (!llama2.cutsCleanlyAt(sample, at)) continue;
        ++cuts;
        auto ids = llama2.encode(sample.substr(0, at), false);
        const auto rest = llama2.encodeContinuation(sample.substr(at));
        ids.insert(ids.end(), rest.begin(), rest.end());
        EXPECT_EQ(ids, llama2.encode(sample, false)) << "cut at " << at;
    }
    EXPECT_GT(cuts, 0);
    // Byte-level tokenizers do not mark the start: no cut is vouched for, they cut by their own rule.
    const auto gpt2 = TextTokenizer::fromFile(test::dataPath("text_tokenizers/gpt2/tokenizer.json"));
    EXPECT_FALSE(gpt2.cutsCleanlyAt(sample, 5));
}

TEST(DocumentTokens, CountsReplacedBytesAndHonoursCancel) {
    const auto tokenizer = TextTokenizer::fromFile(test::dataPath("text_tokenizers/byte/tokenizer.json"));
    const auto tokens = tokenizeDocument(tokenizer, "ab\xff\xfe" "c");
    EXPECT_EQ(tokens.replacedBytes, 2u);
    EXPECT_EQ(tokenizer.decode(tokens.ids, true), "ab\xEF\xBF\xBD\xEF\xBF\xBD" "c");
    CancelToken token;
    token.cancel();
    EXPECT_THROW(tokenizeDocument(tokenizer, longDocument(), JobContext({}, token)), Cancelled);
}

TEST(DocumentTokens, DescribesTheSegmentation) {
    LiftConfig config;
    config.segmentLength = 2048;
    EXPECT_EQ(describeSegmentation(12345, config), "12,345 tokens -> 15 segments of 2048 tokens every 768 (neighbours overlap by 1280)");
    EXPECT_EQ(describeSegmentation(100, config), "100 tokens -> 1 segment of 2048 tokens every 768 (neighbours overlap by 1280)");
}

}  // namespace
}  // namespace cb
