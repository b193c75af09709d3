#include "core/lift/qa_pairs.h"

#include <gtest/gtest.h>

namespace cb {
namespace {

TEST(QaJsonl, ReadsQuestionsAndSkipsBlankLines) {
    const auto pairs = parseQaJsonl("{\"question\":\"Q1?\",\"answer\":\"A1\"}\n\n  \n{\"question\":\"Q2?\",\"answer\":\"A2\",\"evidence\":\"E\"}\n", "qa.jsonl");
    ASSERT_EQ(pairs.size(), 2u);
    EXPECT_EQ(pairs[0].question, "Q1?");
    EXPECT_EQ(pairs[1].answer, "A2");
    EXPECT_EQ(pairs[1].evidence, "E");
}

TEST(QaJsonl, AMalformedLineIsAnErrorWithItsLineNumber) {
    auto messageOf = [](const std::string& text) {
        try {
            parseQaJsonl(text, "qa.jsonl");
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(messageOf("{\"question\":\"a\",\"answer\":\"b\"}\n{not json\n").find("qa.jsonl:2:"), std::string::npos);
    EXPECT_NE(messageOf("\n\n[1,2]\n").find("qa.jsonl:3:"), std::string::npos);
    const auto missing = messageOf("{\"question\":\"a\"}");
    EXPECT_NE(missing.find("qa.jsonl:1:"), std::string::npos);
    EXPECT_NE(missing.find("answer"), std::string::npos);
    EXPECT_NE(messageOf("{\"question\":\"a\",\"answer\":\"  \"}").find("answer"), std::string::npos);
}

TEST(ClozeQuestions, CutTheLastWordOfLongEnoughSentences) {
    const std::string doc =
        "On 2019-03-05 hemoglobin was 12.3.\nShort one.\nThe patient was started on metformin today, dose 500.\n"
        "On 2020-01-02 the sodium level was 139!";
    const auto qs = clozeQuestions(doc, 0, 4);
    ASSERT_EQ(qs.size(), 3u);
    EXPECT_EQ(qs[0].question, "On 2019-03-05 hemoglobin was");
    EXPECT_EQ(qs[0].answer, "12.3");  // a decimal point does not end the sentence
    EXPECT_EQ(qs[0].evidence, "On 2019-03-05 hemoglobin was 12.3.");
    EXPECT_EQ(qs[1].answer, "500");
    EXPECT_EQ(qs[2].answer, "139");
    EXPECT_EQ(clozeQuestions(doc, 2, 4).size(), 2u);
}

TEST(AnswerMatching, IgnoresCaseSpacingAndTrailingPunctuation) {
    EXPECT_TRUE(answersMatch("  12.5 MG/dL. ", "12.5 mg/dl"));
    EXPECT_TRUE(answersMatch("metformin", "Metformin."));
    EXPECT_FALSE(answersMatch("12.6", "12.5"));
    EXPECT_FALSE(answersMatch("", ""));  // an empty reference never counts as answered
}

}  // namespace
}  // namespace cb
