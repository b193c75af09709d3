#include "core/cohort/synthetic_config.h"

#include "core/common/error.h"

#include <nlohmann/json.hpp>

namespace cb {

nlohmann::json SyntheticConfig::toJson() const {
    return {{"patients", patients},         {"seed", seed},
            {"copy_forward_rate", copyForwardRate},
            {"irregularity", irregularity}, {"progression", progression},
            {"median_visits", medianVisits}, {"visit_spread", visitSpread},
            {"min_visits", minVisits},      {"max_visits", maxVisits}};
}

SyntheticConfig SyntheticConfig::fromJson(const nlohmann::json& json) {
    SyntheticConfig c;
    c.patients = json.value("patients", c.patients);
    c.seed = json.value("seed", c.seed);
    c.copyForwardRate = json.value("copy_forward_rate", c.copyForwardRate);
    c.irregularity = json.value("irregularity", c.irregularity);
    c.progression = json.value("progression", c.progression);
    c.medianVisits = json.value("median_visits", c.medianVisits);
    c.visitSpread = json.value("visit_spread", c.visitSpread);
    c.minVisits = json.value("min_visits", c.minVisits);
    c.maxVisits = json.value("max_visits", c.maxVisits);
    c.validate();
    return c;
}

void SyntheticConfig::validate() const {
    auto require = [](bool ok, const char* what) {
        if (!ok) throw Error(std::string("synthetic cohort: ") + what);
    };
    require(patients >= 10, "patients must be at least 10 (the split needs every part non-empty)");
    require(copyForwardRate >= 0.0 && copyForwardRate <= 0.95, "copy-forward rate must be in [0, 0.95]");
    require(irregularity >= 0.0 && irregularity <= 3.0, "irregularity must be in [0, 3]");
    require(progression >= 0.0 && progression <= 3.0, "progression must be in [0, 3]");
    require(medianVisits >= 1.0, "median visits must be at least 1");
    require(visitSpread >= 0.0 && visitSpread <= 3.0, "visit spread must be in [0, 3]");
    require(minVisits >= 3, "min visits must be at least 3 (a history, an index admission, a follow-up)");
    require(maxVisits >= minVisits, "max visits must be at least min visits");
}

}  // namespace cb
