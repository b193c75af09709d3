#pragma once

#include "core/lift/lift_session.h"

#include <string>

namespace cb {

class ResultStore;

// What makes a LIFT run: the model's weights and tokenizer, the document, the questions, the
// auxiliary QA pairs, the held-out text, the modes and the config. Its canonical JSON hashed is the
// run's cache key.
std::string liftRunKey(const std::string& modelDir, const LiftRequest& request);

// runLift through the result store: a run whose key is there is read back (report.cached, no
// weights), anything else is computed and stored as a run of kind "lift" with its report, its exact
// match and mean log-likelihood per mode as metrics, and the model it used. A request that saves the
// adapted model is always computed (the store keeps no weights), and stored too. With no store it is
// runLift.
LiftReport runLiftCached(ResultStore* store, const std::string& modelDir, CausalLm& model, const TextTokenizer& tokenizer,
                         const LiftRequest& request, const c10::Device& device, const JobContext& job = {},
                         const LiftEpochFn& onEpoch = {});

}  // namespace cb
