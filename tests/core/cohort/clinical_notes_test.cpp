#include "core/cohort/clinical_notes.h"
#include "core/cohort/synthetic_generator.h"

#include <gtest/gtest.h>

#include <set>

namespace cb {
namespace {

TEST(ClinicalNotes, EveryAskedFactIsStatedOnceWhereItSays) {
    SyntheticConfig config;
    config.patients = 30;
    const auto cohort = generateSyntheticCohort(config);
    std::size_t facts = 0;
    std::set<std::string> kinds;
    for (std::size_t p = 0; p < cohort.numPatients(); ++p) {
        const auto history = writeNoteHistory(cohort, p);
        std::set<std::string> questions;
        for (const auto& f : history.facts) {
            ASSERT_EQ(history.text.compare(f.offset, f.evidence.size(), f.evidence), 0) << f.evidence;
            EXPECT_EQ(f.evidence, f.question + " " + f.answer + ".");
            EXPECT_TRUE(questions.insert(f.question).second) << "asked twice: " << f.question;
            // The question occurs once in the whole history, so the answer is well defined.
            EXPECT_EQ(history.text.find(f.question + " "), f.offset);
            EXPECT_EQ(history.text.find(f.question + " ", f.offset + 1), std::string::npos);
            kinds.insert(f.kind);
        }
        facts += history.facts.size();
    }
    EXPECT_GT(facts, 100u);
    EXPECT_EQ(kinds, (std::set<std::string>{"diagnosis", "lab", "medication"}));
}

TEST(ClinicalNotes, AreDeterministicAndDated) {
    SyntheticConfig config;
    config.patients = 10;
    const auto a = writeNoteHistory(generateSyntheticCohort(config), 2);
    const auto b = writeNoteHistory(generateSyntheticCohort(config), 2);
    EXPECT_EQ(a.text, b.text);
    ASSERT_FALSE(a.text.empty());
    EXPECT_GT(a.notes, 2u);
    // Notes begin with an ISO date heading.
    EXPECT_EQ(a.text[4], '-');
    EXPECT_EQ(a.text[7], '-');
}

}  // namespace
}  // namespace cb
