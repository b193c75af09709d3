#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>

namespace cb {

// Knobs of the synthetic EHR cohort. Every field is part of the cohort's identity: the generator is
// deterministic for a given config.
struct SyntheticConfig {
    int patients = 2000;
    std::uint64_t seed = 42;

    // Mean per-patient probability that a diagnosis or medication of the previous visit is recorded
    // again (copy-forwarding); each patient draws a rate around it.
    double copyForwardRate = 0.3;
    // Scale of the per-patient dispersion of gaps between visits (sigma of their log-normal); 0 gives
    // a metronome, 1 the default heavy tail.
    double irregularity = 1.0;
    // How strongly later visits carry more codes and rarer codes (disease progression); 0 disables.
    double progression = 1.0;

    // Visits per patient: log-normal with this median and spread, clipped to [minVisits, maxVisits].
    double medianVisits = 50.0;
    double visitSpread = 1.0;
    int minVisits = 3;
    int maxVisits = 900;

    nlohmann::json toJson() const;
    static SyntheticConfig fromJson(const nlohmann::json& json);
    // Throws cb::Error naming the first knob out of range.
    void validate() const;
};

}  // namespace cb
