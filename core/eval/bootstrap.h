#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cb {

// Patient-level bootstrap: replicate r draws the P test patients with replacement and records how
// often each was drawn. Every task and every run resampled with the same seed sees the same
// replicates, which is what makes paired comparisons paired.
class PatientBootstrap {
public:
    PatientBootstrap(std::size_t patients, int replicates, std::uint64_t seed);
    int replicates() const { return replicates_; }
    std::size_t patients() const { return patients_; }
    std::span<const std::uint16_t> counts(int replicate) const;

private:
    std::size_t patients_;
    int replicates_;
    std::vector<std::uint16_t> counts_;
};

struct Estimate {
    double value = 0.0;
    double low = 0.0;   // 2.5th percentile of the replicates
    double high = 0.0;  // 97.5th percentile
    int replicates = 0; // replicates where the metric was defined
};

// Percentile interval of `replicates`, skipping NaN ones (a resample without both classes).
Estimate percentileInterval(double point, const std::vector<double>& replicates);

}  // namespace cb
