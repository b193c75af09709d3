#include "core/cohort/synthetic_generator.h"
#include "core/tokenize/code_tokenizer.h"
#include "core/tokenize/tokenized_cohort.h"
#include "core/tokenize/vocabulary_builder.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <limits>

namespace cb {
namespace {

// One train patient with a plain code, numeric values 1..100 and a text value; one held-out patient
// with a code the train split never saw.
Cohort tinyCohort() {
    Cohort c;
    const auto plain = c.codes.intern("SNOMED/1"), lab = c.codes.intern("LOINC/2"), cat = c.codes.intern("NOTE/3");
    const auto unseen = c.codes.intern("SNOMED/999");
    const auto text = c.texts.intern("positive");
    for (int i = 0; i < 100; ++i) c.events.append(i, lab, static_cast<float>(i + 1));
    for (int i = 0; i < 6; ++i) c.events.append(200 + i, plain);
    for (int i = 0; i < 5; ++i) c.events.append(300 + i, cat, kNoValue, text);
    c.events.endPatient();
    c.events.append(0, plain);
    c.events.append(1, unseen);
    c.events.append(2, unseen);
    c.events.endPatient();
    c.subjectIds = {1, 2};
    c.splits = {Split::Train, Split::HeldOut};
    return c;
}

}  // namespace

TEST(Vocabulary, SpecialsComeFirstWithClmbrIds) {
    const Vocabulary v;
    ASSERT_EQ(v.size(), 7u);
    EXPECT_EQ(v.tokenString(Vocabulary::kBos), "[BOS]");
    EXPECT_EQ(v.tokenString(Vocabulary::kPad), "[PAD]");
    EXPECT_EQ(Vocabulary::kPad, 4);
    EXPECT_EQ(v.tokenString(Vocabulary::kMask), "[MASK]");
}

TEST(Vocabulary, NumericCodesAreBinnedAtTrainQuantiles) {
    const auto cohort = tinyCohort();
    const auto vocab = buildVocabulary(cohort, VocabularyConfig{5, 10, 0});
    // Deciles of 1..100 (numpy linear): 10.9, 20.8, ..., 90.1.
    const auto firstBin = vocab.numericId("LOINC/2", 1.0);
    ASSERT_TRUE(firstBin);
    EXPECT_NEAR(vocab.entry(*firstBin).rangeEnd, 10.9, 1e-12);
    EXPECT_EQ(vocab.entry(*firstBin).count, 10u);
    const auto lastBin = vocab.numericId("LOINC/2", 1e9);
    ASSERT_TRUE(lastBin);
    EXPECT_NEAR(vocab.entry(*lastBin).rangeStart, 90.1, 1e-9);
    // A value on an edge belongs to the first range that holds it (start <= value <= end).
    const auto edge = vocab.numericId("LOINC/2", 10.9);
    EXPECT_EQ(edge, firstBin);
    EXPECT_NE(vocab.numericId("LOINC/2", 11.0), firstBin);
    // Outer bins are open-ended, so no value falls outside.
    EXPECT_TRUE(vocab.numericId("LOINC/2", -1e12));
    EXPECT_TRUE(vocab.categoricalId("NOTE/3", "positive"));
    EXPECT_TRUE(vocab.plainId("SNOMED/1"));
    EXPECT_FALSE(vocab.plainId("SNOMED/999"));
}

TEST(Vocabulary, MinCountKeepsRareCodesOut) {
    const auto vocab = buildVocabulary(tinyCohort(), VocabularyConfig{6, 10, 0});
    EXPECT_TRUE(vocab.plainId("SNOMED/1"));          // 6 occurrences
    EXPECT_FALSE(vocab.categoricalId("NOTE/3", "positive"));  // 5 occurrences
}

TEST(Vocabulary, JsonRoundTripKeepsEveryToken) {
    const auto cohort = generateSyntheticCohort([] {
        SyntheticConfig c;
        c.patients = 100;
        return c;
    }());
    const auto vocab = buildVocabulary(cohort, VocabularyConfig{});
    test::TempDir dir;
    vocab.save(dir.file("tokenizer_config.json"));
    const auto loaded = Vocabulary::load(dir.file("tokenizer_config.json"));
    ASSERT_EQ(loaded.size(), vocab.size());
    for (int id = 0; id < static_cast<int>(vocab.size()); ++id) EXPECT_EQ(loaded.tokenString(id), vocab.tokenString(id));
    EXPECT_EQ(loaded.contentHash(), vocab.contentHash());
}

TEST(Vocabulary, MalformedConfigNamesTheEntry) {
    const auto json = nlohmann::json::parse(R"({"tokens": [{"code": "A", "type": "code"}, {"type": "code"}]})");
    try {
        Vocabulary::fromJson(json, "x/tokenizer_config.json");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("x/tokenizer_config.json: tokens[1]"), std::string::npos) << e.what();
    }
}

TEST(CodeTokenizer, TokensRoundTripToTheirEventsAndUnknownCodesAreCounted) {
    const auto cohort = tinyCohort();
    const auto vocab = buildVocabulary(cohort, VocabularyConfig{5, 10, 0});
    const CodeTokenizer tokenizer(vocab, cohort);
    const auto tokens = TokenizedCohort::build(cohort, tokenizer);
    ASSERT_EQ(tokens.numPatients(), 2u);
    ASSERT_EQ(tokens.tokens(0).size(), cohort.events.patientSize(0));
    const auto events = cohort.patient(0);
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& entry = vocab.entry(tokens.tokens(0)[i]);
        EXPECT_EQ(entry.code, cohort.codes.at(events.code[i]));
        if (hasValue(events.value[i])) {
            EXPECT_LE(entry.rangeStart, events.value[i]);
            EXPECT_GE(entry.rangeEnd, events.value[i]);
        }
    }
    EXPECT_EQ(tokens.tokens(1).size(), 1u);
    EXPECT_EQ(tokens.oov().unknownEvents, 2u);
    EXPECT_EQ(tokens.oov().byCode.at("SNOMED/999"), 2u);
    EXPECT_EQ(tokens.countAtOrBefore(1, 0), 1u);
    EXPECT_EQ(tokens.countAtOrBefore(0, 204), 105u);
}

}  // namespace cb
