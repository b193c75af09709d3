#include "core/eval/bootstrap.h"

#include "core/common/percentile.h"
#include "core/common/rng.h"

#include <cmath>
#include <limits>

namespace cb {

PatientBootstrap::PatientBootstrap(std::size_t patients, int replicates, std::uint64_t seed)
    : patients_(patients), replicates_(replicates), counts_(patients * static_cast<std::size_t>(replicates), 0) {
    Rng rng(seed);
    for (int r = 0; r < replicates; ++r) {
        auto* row = counts_.data() + static_cast<std::size_t>(r) * patients;
        for (std::size_t i = 0; i < patients; ++i) ++row[rng.below(patients)];
    }
}

std::span<const std::uint16_t> PatientBootstrap::counts(int replicate) const {
    return std::span(counts_).subspan(static_cast<std::size_t>(replicate) * patients_, patients_);
}

Estimate percentileInterval(double point, const std::vector<double>& replicates) {
    std::vector<double> valid;
    valid.reserve(replicates.size());
    for (double v : replicates)
        if (!std::isnan(v)) valid.push_back(v);
    Estimate e;
    e.value = point;
    e.replicates = static_cast<int>(valid.size());
    e.low = valid.empty() ? std::numeric_limits<double>::quiet_NaN() : percentile(valid, 2.5);
    e.high = valid.empty() ? std::numeric_limits<double>::quiet_NaN() : percentile(valid, 97.5);
    return e;
}

}  // namespace cb
