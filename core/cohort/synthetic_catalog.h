#pragma once

#include "core/cohort/string_table.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace cb {

class Rng;

// Laboratory measurements of the synthetic cohort. Severity thresholds follow EHRSHOT's lab tasks
// (mild, moderate, severe); `abnormalBelow` says which side of the thresholds is abnormal.
struct SyntheticLab {
    const char* code;
    const char* name;
    double mean;
    double patientSd;  // spread of patient baselines
    double driftSd;    // stationary spread of the slow per-visit drift (AR(1))
    double noiseSd;    // measurement noise
    bool abnormalBelow;
    std::array<double, 3> thresholds;  // mild, moderate, severe; empty task when all zero
    const char* task;                  // the EHRSHOT lab task this lab labels, or ""
};

enum SyntheticLabIndex { kHemoglobin, kPlatelets, kPotassium, kGlucose, kSodium, kCreatinine, kCholesterol, kLabCount };

// The latent conditions behind the six "new diagnosis" tasks.
// Early-marker conditions start with an episode: from onset, within the first 15% of a timeline,
// ten visits record a few of the condition's codes (two markers, three signs); then the condition
// goes quiet, with a rare flare. Only a model that still sees those early visits can tell who is at
// risk.
// Recent-signal conditions instead shift vitals or labs at every later visit.
struct SyntheticCondition {
    const char* task;
    const char* diagnosisCode;
    std::array<const char*, 2> markers;  // empty strings for recent-signal conditions
    std::array<const char*, 3> signs;    // symptoms, tests, drugs recorded now and then after onset
    double prevalence;
    bool earlyMarker;
};

enum SyntheticConditionIndex { kHypertension, kHyperlipidemia, kPancan, kCeliac, kLupus, kAcuteMi, kConditionCount };

const std::array<SyntheticLab, kLabCount>& syntheticLabs();
const std::array<SyntheticCondition, kConditionCount>& syntheticConditions();

// Every code the generator can emit, interned up front so code ids do not depend on the order in
// which patients are simulated.
class SyntheticCatalog {
public:
    explicit SyntheticCatalog(StringTable& codes);

    // Draws a code from a Zipf law over `pool`; `level` 0..kZipfLevels-1 flattens the law, so
    // higher levels favour rarer codes (disease progression).
    std::uint32_t drawZipf(const std::vector<std::uint32_t>& pool, int level, Rng& rng) const;
    static constexpr int kZipfLevels = 8;

    std::uint32_t birth, genderF, genderM;
    std::array<std::uint32_t, 4> race{};
    std::uint32_t visitOutpatient, visitEmergency, visitInpatient, visitIcu, discharge;
    std::uint32_t heartRate, systolicBp, insulin;
    // Point-of-care tests drawn on arrival at the emergency department or ward: the same blood as
    // the laboratory's later panel, a faster and noisier assay.
    std::array<std::uint32_t, kLabCount> pointOfCare{};  // 0 where no point-of-care test exists
    std::array<std::uint32_t, kLabCount> labs{};
    std::array<std::uint32_t, kConditionCount> diagnosis{};
    std::array<std::array<std::uint32_t, 2>, kConditionCount> markers{};
    std::array<std::array<std::uint32_t, 3>, kConditionCount> signs{};
    std::vector<std::uint32_t> diagnoses, medications, procedures, frailty, rare;

private:
    // Cumulative weights per level, per pool size.
    std::vector<std::vector<double>> zipfCdf_[3];
    const std::vector<double>& cdfFor(const std::vector<std::uint32_t>& pool, int level) const;
};

}  // namespace cb
