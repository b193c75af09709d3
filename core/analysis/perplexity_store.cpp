#include "core/analysis/perplexity_store.h"

#include "core/analysis/run_kinds.h"
#include "core/common/error.h"

#include <algorithm>

namespace cb {
namespace {

// Bumped whenever the perplexity computation changes what it returns.
constexpr int kPerplexityVersion = 1;
constexpr const char* kMedianSeries = "median";
constexpr const char* kRawSeries = "raw_median";

}  // namespace

nlohmann::json perplexityIdentity(const std::string& cohortHash, const std::string& weightsHash,
                                  const PositionPerplexityConfig& config, const AttentionSpec& attention) {
    // The batch size and the device change how fast, not what: they stay out of the key.
    return {{"kind", kPositionPerplexityRunKind},
            {"version", kPerplexityVersion},
            {"cohort", cohortHash},
            {"weights", weightsHash},
            {"context", config.context},
            {"stride", config.stride},
            {"min_points", config.minPoints},
            {"ema_span", config.emaSpan},
            {"attention", attention.toJson()},
            {"patients", "validation"}};
}

std::vector<CurveRow> toCurveRows(const PositionCurve& curve) {
    std::vector<CurveRow> rows;
    rows.reserve(curve.index.size() * 2);
    for (std::size_t i = 0; i < curve.index.size(); ++i)
        rows.push_back({kMedianSeries, static_cast<double>(curve.index[i]), curve.median[i], curve.low[i], curve.high[i],
                        curve.points[i]});
    for (std::size_t i = 0; i < curve.index.size(); ++i)
        rows.push_back({kRawSeries, static_cast<double>(curve.index[i]), curve.rawMedian[i], std::nullopt, std::nullopt,
                        curve.points[i]});
    return rows;
}

PositionCurve curveFromRows(const std::vector<CurveRow>& rows, std::int64_t runId) {
    PositionCurve curve;
    std::vector<double> raw;
    for (const auto& row : rows) {
        if (row.series == kMedianSeries) {
            curve.index.push_back(static_cast<int>(row.x));
            curve.points.push_back(static_cast<int>(row.n));
            curve.median.push_back(row.y.value_or(0.0));
            curve.low.push_back(row.low.value_or(row.y.value_or(0.0)));
            curve.high.push_back(row.high.value_or(row.y.value_or(0.0)));
        } else if (row.series == kRawSeries) {
            raw.push_back(row.y.value_or(0.0));
        }
    }
    if (raw.size() != curve.index.size())
        throw Error("run " + std::to_string(runId) + ": stored curve has " + std::to_string(curve.index.size()) +
                    " smoothed points but " + std::to_string(raw.size()) + " raw ones");
    curve.rawMedian = std::move(raw);
    return curve;
}

std::vector<StoredPerplexity> storedPerplexities(ResultStore& store, const std::vector<std::int64_t>& runIds) {
    std::vector<std::int64_t> ids = runIds;
    if (ids.empty()) {
        auto st = store.database().prepare("SELECT id FROM runs WHERE kind = ? AND status = 'complete' ORDER BY id");
        st.bind(1, kPositionPerplexityRunKind);
        while (st.step()) ids.push_back(st.int64(0));
    }
    std::sort(ids.begin(), ids.end());
    std::vector<StoredPerplexity> out;
    for (const auto id : ids) {
        auto run = store.run(id);
        if (!run) throw Error(store.database().path() + ": no run with id " + std::to_string(id));
        if (run->kind != kPositionPerplexityRunKind)
            throw Error("run " + std::to_string(id) + " is a " + run->kind + " run, not a per-position perplexity");
        out.push_back({*run, curveFromRows(store.curve(id), id), true});
    }
    return out;
}

}  // namespace cb
