#pragma once

#include "core/cohort/cohort.h"
#include "core/jobs/job_context.h"
#include "core/tokenize/code_tokenizer.h"
#include "core/tokenize/tokenized_cohort.h"
#include "core/tokenize/vocabulary.h"
#include "core/tokenize/vocabulary_builder.h"

#include <memory>
#include <string>

namespace cb {

// A cohort ready for modelling: its content hash, the vocabulary built from its train split, and
// every timeline tokenized. Immutable once made, so threads may share it.
struct PreparedCohort {
    Cohort cohort;
    std::string hash;
    VocabularyConfig vocabularyConfig;
    Vocabulary vocabulary;
    std::unique_ptr<CodeTokenizer> tokenizer;
    TokenizedCohort tokens;
};

std::shared_ptr<const PreparedCohort> prepareCohort(Cohort cohort, const VocabularyConfig& vocabulary,
                                                    const JobContext& job = {});
// The same with a model's own vocabulary (its tokenizer_config.json) instead of one built from the
// cohort: the tokens a released model was trained on.
std::shared_ptr<const PreparedCohort> prepareCohortWithVocabulary(Cohort cohort, Vocabulary vocabulary,
                                                                  const JobContext& job = {});

}  // namespace cb
