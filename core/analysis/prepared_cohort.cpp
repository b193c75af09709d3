#include "core/analysis/prepared_cohort.h"

namespace cb {

std::shared_ptr<const PreparedCohort> prepareCohort(Cohort cohort, const VocabularyConfig& vocabulary, const JobContext& job) {
    auto prepared = std::make_shared<PreparedCohort>();
    prepared->cohort = std::move(cohort);
    job.report("Hashing cohort", 0.0);
    prepared->hash = prepared->cohort.contentHash();
    job.report("Building vocabulary", 0.2);
    prepared->vocabularyConfig = vocabulary;
    prepared->vocabulary = buildVocabulary(prepared->cohort, vocabulary);
    prepared->tokenizer = std::make_unique<CodeTokenizer>(prepared->vocabulary, prepared->cohort);
    prepared->tokens = TokenizedCohort::build(prepared->cohort, *prepared->tokenizer, job.slice(0.4, 1.0));
    return prepared;
}

std::shared_ptr<const PreparedCohort> prepareCohortWithVocabulary(Cohort cohort, Vocabulary vocabulary,
                                                                  const JobContext& job) {
    auto prepared = std::make_shared<PreparedCohort>();
    prepared->cohort = std::move(cohort);
    job.report("Hashing cohort", 0.0);
    prepared->hash = prepared->cohort.contentHash();
    prepared->vocabulary = std::move(vocabulary);
    prepared->tokenizer = std::make_unique<CodeTokenizer>(prepared->vocabulary, prepared->cohort);
    prepared->tokens = TokenizedCohort::build(prepared->cohort, *prepared->tokenizer, job.slice(0.2, 1.0));
    return prepared;
}

}  // namespace cb
