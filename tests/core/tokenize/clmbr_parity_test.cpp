// hf_ehr's CLMBRTokenizer, run by tools/make_clmbr_fixture.py on tests/data/clmbr/tokenizer_config.json,
// decided the ids in expected.json; ContextBench must assign the same ones.
#include "core/cohort/cohort.h"
#include "core/tokenize/code_tokenizer.h"
#include "core/tokenize/tokenized_cohort.h"
#include "core/tokenize/vocabulary.h"
#include "tests/support/json_fixture.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace cb {
namespace {

// Cohorts hold values as float32, as MEDS does; a fixture value beyond float range (1e300, there to
// probe the open-ended range) has no float32 form, so it is left out here.
bool representable(const nlohmann::json& event) {
    return !event["value"].is_number() || std::abs(event["value"].get<double>()) <= std::numeric_limits<float>::max();
}

nlohmann::json representableEvents(const nlohmann::json& events) {
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& e : events)
        if (representable(e)) kept.push_back(e);
    return kept;
}

// One patient whose events are the fixture's, one a day.
Cohort cohortOf(const nlohmann::json& events) {
    Cohort cohort;
    cohort.subjectIds = {1};
    cohort.splits = {Split::Train};
    TimeUs t = 0;
    for (const auto& e : events) {
        const auto code = cohort.codes.intern(e["code"].get<std::string>());
        float value = kNoValue;
        std::uint32_t text = kNoText;
        if (e["value"].is_number()) value = static_cast<float>(e["value"].get<double>());
        if (e["value"].is_string()) text = cohort.texts.intern(e["value"].get<std::string>());
        cohort.events.append(t += kDayUs, code, value, text);
    }
    cohort.events.endPatient();
    return cohort;
}

TEST(ClmbrParity, TokenStringsAndIdsFollowTheFile) {
    const auto vocab = Vocabulary::load(test::dataPath("clmbr/tokenizer_config.json"));
    const auto expected = test::loadJson("clmbr/expected.json");
    ASSERT_EQ(vocab.size(), expected["vocab"].size());
    for (std::size_t id = 0; id < vocab.size(); ++id)
        EXPECT_EQ(vocab.tokenString(static_cast<int>(id)), expected["vocab"][id].get<std::string>()) << "id " << id;
}

TEST(ClmbrParity, EveryEventGetsTheReferenceToken) {
    const auto vocab = Vocabulary::load(test::dataPath("clmbr/tokenizer_config.json"));
    const auto expected = test::loadJson("clmbr/expected.json");
    const auto fixtureEvents = representableEvents(expected["events"]);
    ASSERT_EQ(fixtureEvents.size() + 1, expected["events"].size());
    const auto cohort = cohortOf(fixtureEvents);
    const CodeTokenizer tokenizer(vocab, cohort);
    const auto events = cohort.patient(0);
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& e = fixtureEvents[i];
        const auto id = tokenizer.tokenFor(events.code[i], events.value[i], events.text[i]);
        if (e["id"].is_null())
            EXPECT_FALSE(id.has_value()) << i << ": " << e["why"].get<std::string>();
        else
            EXPECT_EQ(id.value_or(-1), e["id"].get<int>()) << i << ": " << e["why"].get<std::string>();
    }
    const auto tokens = TokenizedCohort::build(cohort, tokenizer);
    const auto ids = tokens.tokens(0);
    std::vector<int> sequence;
    for (const auto& e : fixtureEvents)
        if (!e["id"].is_null()) sequence.push_back(e["id"].get<int>());
    EXPECT_EQ(std::vector<int>(ids.begin(), ids.end()), sequence);
    EXPECT_EQ(sequence.size() + 1, expected["sequence_ids"].size());  // the reference's, less the 1e300 event
    // Dropped events are not lost silently: each is counted under its code.
    EXPECT_EQ(tokens.oov().unknownEvents, fixtureEvents.size() - sequence.size());
    EXPECT_EQ(tokens.oov().byCode.at("SNOMED/12199005"), 2u);
}

TEST(ClmbrParity, SavedVocabularyReadsBackIdentically) {
    const auto vocab = Vocabulary::load(test::dataPath("clmbr/tokenizer_config.json"));
    test::TempDir dir;
    vocab.save(dir.file("tokenizer_config.json"));
    const auto again = Vocabulary::load(dir.file("tokenizer_config.json"));
    ASSERT_EQ(again.size(), vocab.size());
    for (std::size_t id = 0; id < vocab.size(); ++id)
        EXPECT_EQ(again.tokenString(static_cast<int>(id)), vocab.tokenString(static_cast<int>(id)));
    EXPECT_EQ(again.contentHash(), vocab.contentHash());
}

}  // namespace
}  // namespace cb
