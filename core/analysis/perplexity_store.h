#pragma once

#include "core/analysis/position_statistics.h"
#include "core/attention/attention_spec.h"
#include "core/eval/position_perplexity.h"
#include "core/store/result_store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace cb {

// A per-position perplexity run as the store keeps it: the run row and its curve.
struct StoredPerplexity {
    RunRecord run;
    PositionCurve curve;
    bool cached = false;  // read back rather than computed now
};

// What makes a perplexity curve; its canonical JSON hashed is the run's cache key.
nlohmann::json perplexityIdentity(const std::string& cohortHash, const std::string& weightsHash,
                                  const PositionPerplexityConfig& config, const AttentionSpec& attention);

std::vector<CurveRow> toCurveRows(const PositionCurve& curve);
// Throws naming the run when its stored curve is malformed (a series of another length).
PositionCurve curveFromRows(const std::vector<CurveRow>& rows, std::int64_t runId);

// The stored perplexity runs with these ids (every one of the store's when `runIds` is empty), in id order.
std::vector<StoredPerplexity> storedPerplexities(ResultStore& store, const std::vector<std::int64_t>& runIds = {});

}  // namespace cb
