#include "core/cohort/ehr_properties.h"

#include "core/common/percentile.h"

#include <cmath>
#include <unordered_map>
#include <vector>

namespace cb {
namespace {

struct NGram {
    std::uint64_t high = 0, low = 0;
    bool operator==(const NGram&) const = default;
};
struct NGramHash {
    std::size_t operator()(const NGram& g) const { return std::hash<std::uint64_t>{}(g.high * 0x9e3779b97f4a7c15ULL ^ g.low); }
};

double repetitionRate(std::span<const std::uint32_t> codes, std::size_t n) {
    if (codes.size() < n) return 0.0;
    std::unordered_map<NGram, std::uint32_t, NGramHash> counts;
    counts.reserve(codes.size());
    for (std::size_t i = 0; i + n <= codes.size(); ++i) {
        NGram g;
        for (std::size_t k = 0; k < n; ++k) {
            const std::uint64_t c = codes[i + k];
            if (k < 2)
                g.high |= c << (32 * k);
            else
                g.low |= c << (32 * (k - 2));
        }
        ++counts[g];
    }
    std::size_t repeated = 0;
    for (const auto& [gram, count] : counts)
        if (count > 1) ++repeated;
    return static_cast<double>(repeated) / static_cast<double>(counts.size());
}

}  // namespace

EhrProperties computeEhrProperties(const PatientEvents& events, TimeUs cutoff) {
    EhrProperties p;
    const std::size_t visible = events.countAtOrBefore(cutoff);
    p.events = visible;
    const auto codes = events.code.subspan(0, visible);
    double logSum = 0.0;
    bool anyZero = false;
    for (std::size_t n = 1; n <= 4; ++n) {
        p.repetition[n - 1] = repetitionRate(codes, n);
        if (p.repetition[n - 1] <= 0.0)
            anyZero = true;
        else
            logSum += std::log(p.repetition[n - 1]);
    }
    p.repetitionGeoMean = anyZero ? 0.0 : std::exp(logSum / 4.0);

    std::vector<double> gaps;
    for (std::size_t i = 1; i < visible; ++i) {
        if (events.time[i - 1] == kStaticTime) continue;
        gaps.push_back(static_cast<double>(events.time[i] - events.time[i - 1]) / kSecondUs);
    }
    if (!gaps.empty()) {
        double sum = 0.0;
        for (double g : gaps) sum += g;
        p.gapMean = sum / static_cast<double>(gaps.size());
        if (gaps.size() > 1) {
            double squares = 0.0;
            for (double g : gaps) squares += (g - p.gapMean) * (g - p.gapMean);
            p.gapStd = std::sqrt(squares / static_cast<double>(gaps.size() - 1));
        }
        p.gapIqr = percentile(gaps, 75.0) - percentile(gaps, 25.0);
    }
    return p;
}

}  // namespace cb
