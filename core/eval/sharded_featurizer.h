#pragma once

#include "core/distributed/communicator.h"
#include "core/eval/featurizer.h"

namespace cb {

// featurize() with the requests dealt across the ranks: longest first, round-robin, so every rank
// gets a similar number of tokens. Rank 0 receives every row in the order of `requests` (the same
// matrix featurize() gives); the other ranks get an empty matrix. Alone, it is featurize().
FeatureMatrix featurizeAcrossRanks(CausalLm& model, const TokenizedCohort& tokens, const std::vector<FeatureRequest>& requests,
                                   int context, const std::string& device, int tokensPerBatch, Communicator& communicator,
                                   const JobContext& job = {});

}  // namespace cb
