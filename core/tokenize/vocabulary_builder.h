#pragma once

#include "core/cohort/cohort.h"
#include "core/tokenize/vocabulary.h"

#include <nlohmann/json_fwd.hpp>

namespace cb {

struct VocabularyConfig {
    int minCount = 5;       // codes seen fewer times in the train split stay out of the vocabulary
    int numericBins = 10;   // quantile bins per numeric code
    int maxSize = 0;        // 0: no limit; else keep the most frequent entries
    nlohmann::json toJson() const;
};

// Builds a CLMBR-style vocabulary from the train split only: plain codes, numeric codes binned at
// train-split quantiles (outer bins open-ended so no value falls outside), categorical values.
Vocabulary buildVocabulary(const Cohort& cohort, const VocabularyConfig& config);

}  // namespace cb
