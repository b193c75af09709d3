#include "core/cohort/synthetic_catalog.h"

#include "core/common/rng.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace cb {

const std::array<SyntheticLab, kLabCount>& syntheticLabs() {
    static const std::array<SyntheticLab, kLabCount> labs = {{
        {"LOINC/718-7", "Hemoglobin (g/dL)", 13.6, 1.0, 0.6, 0.45, true, {12.0, 10.0, 7.0}, "lab_anemia"},
        {"LOINC/777-3", "Platelets (10^9/L)", 250.0, 40.0, 25.0, 18.0, true, {150.0, 100.0, 50.0}, "lab_thrombocytopenia"},
        {"LOINC/2823-3", "Potassium (mmol/L)", 4.2, 0.22, 0.18, 0.15, false, {5.5, 6.0, 7.0}, "lab_hyperkalemia"},
        {"LOINC/2339-0", "Glucose (mg/dL)", 105.0, 9.0, 6.0, 8.0, true, {70.0, 54.0, 40.0}, "lab_hypoglycemia"},
        {"LOINC/2951-2", "Sodium (mmol/L)", 140.0, 1.6, 1.2, 1.0, true, {135.0, 130.0, 125.0}, "lab_hyponatremia"},
        {"LOINC/2160-0", "Creatinine (mg/dL)", 0.9, 0.12, 0.08, 0.06, false, {0.0, 0.0, 0.0}, ""},
        {"LOINC/2093-3", "Cholesterol (mg/dL)", 185.0, 20.0, 10.0, 8.0, false, {0.0, 0.0, 0.0}, ""},
    }};
    return labs;
}

const std::array<SyntheticCondition, kConditionCount>& syntheticConditions() {
    static const std::array<SyntheticCondition, kConditionCount> conditions = {{
        {"new_hypertension", "SNOMED/38341003", {"", ""}, {"", "", ""}, 0.25, false},
        {"new_hyperlipidemia", "SNOMED/55822004", {"", ""}, {"", "", ""}, 0.22, false},
        {"new_pancan", "SNOMED/363418001", {"ICD10CM/K86.1", "ICD10CM/K86.2"},
         {"ICD10CM/R10.13", "ICD10CM/R63.4", "LOINC/1798-8"}, 0.16, true},
        {"new_celiac", "SNOMED/396331005", {"LOINC/31017-7", "ICD10CM/K90.4"},
         {"ICD10CM/R19.7", "ICD10CM/D50.9", "LOINC/2276-4"}, 0.16, true},
        {"new_lupus", "SNOMED/55464009", {"LOINC/8061-4", "ICD10CM/L93.0"},
         {"ICD10CM/M25.50", "RxNorm/5521", "LOINC/4485-9"}, 0.16, true},
        {"new_acutemi", "SNOMED/57054005", {"ICD10CM/E78.01", "ICD10CM/I25.10"},
         {"ICD10CM/R07.9", "RxNorm/1191", "LOINC/6598-7"}, 0.16, true},
    }};
    return conditions;
}

namespace {

std::vector<std::uint32_t> makePool(StringTable& codes, int size, const std::string& prefix, int stride) {
    std::vector<std::uint32_t> pool;
    pool.reserve(static_cast<std::size_t>(size));
    for (int i = 0; i < size; ++i) pool.push_back(codes.intern(prefix + std::to_string(10000 + i * stride)));
    return pool;
}

std::vector<std::uint32_t> makeDiagnosisPool(StringTable& codes, int size) {
    // ICD-10-like names, unique by construction: chapter letter, two digits, a sub-code.
    std::vector<std::uint32_t> pool;
    pool.reserve(static_cast<std::size_t>(size));
    for (int i = 0; i < size; ++i) {
        const char chapter = static_cast<char>('A' + i % 26);
        const int category = 10 + (i / 26) % 90;
        const int sub = i / (26 * 90);
        pool.push_back(codes.intern("ICD10CM/" + std::string(1, chapter) + std::to_string(category) + "." +
                                    std::to_string(sub) + "Z"));
    }
    return pool;
}

std::vector<double> zipfCdf(std::size_t size, double exponent) {
    std::vector<double> cdf(size);
    double total = 0.0;
    for (std::size_t i = 0; i < size; ++i) {
        total += 1.0 / std::pow(static_cast<double>(i + 1), exponent);
        cdf[i] = total;
    }
    for (auto& c : cdf) c /= total;
    return cdf;
}

double zipfExponent(int level) { return 1.3 - 0.1 * level; }

}  // namespace

SyntheticCatalog::SyntheticCatalog(StringTable& codes) {
    birth = codes.intern("MEDS_BIRTH");
    genderF = codes.intern("Gender/F");
    genderM = codes.intern("Gender/M");
    for (std::size_t i = 0; i < race.size(); ++i) race[i] = codes.intern("Race/" + std::to_string(i + 1));
    visitOutpatient = codes.intern("Visit/OP");
    visitEmergency = codes.intern("Visit/ER");
    visitInpatient = codes.intern("Visit/IP");
    visitIcu = codes.intern("Visit/ICU");
    discharge = codes.intern("Visit/Discharge");
    heartRate = codes.intern("LOINC/8867-4");
    systolicBp = codes.intern("LOINC/8480-6");
    insulin = codes.intern("RxNorm/5856");
    for (int i = 0; i < kLabCount; ++i) labs[static_cast<std::size_t>(i)] = codes.intern(syntheticLabs()[static_cast<std::size_t>(i)].code);
    pointOfCare[kHemoglobin] = codes.intern("LOINC/30313-1");
    pointOfCare[kPotassium] = codes.intern("LOINC/6298-4");
    pointOfCare[kGlucose] = codes.intern("LOINC/41653-7");
    pointOfCare[kSodium] = codes.intern("LOINC/2947-0");
    for (int i = 0; i < kConditionCount; ++i) {
        const auto& c = syntheticConditions()[static_cast<std::size_t>(i)];
        diagnosis[static_cast<std::size_t>(i)] = codes.intern(c.diagnosisCode);
        for (int m = 0; m < 2; ++m)
            markers[static_cast<std::size_t>(i)][static_cast<std::size_t>(m)] =
                c.earlyMarker ? codes.intern(c.markers[static_cast<std::size_t>(m)]) : 0;
        for (int m = 0; m < 3; ++m)
            signs[static_cast<std::size_t>(i)][static_cast<std::size_t>(m)] =
                c.earlyMarker ? codes.intern(c.signs[static_cast<std::size_t>(m)]) : 0;
    }
    diagnoses = makeDiagnosisPool(codes, 1500);
    medications = makePool(codes, 400, "RxNorm/", 37);
    procedures = makePool(codes, 300, "CPT4/", 13);
    frailty.clear();
    for (int i = 0; i < 15; ++i) frailty.push_back(codes.intern("ICD10CM/R54." + std::to_string(i)));
    rare = makePool(codes, 4000, "SNOMED/9", 7);

    const std::vector<std::uint32_t>* pools[3] = {&diagnoses, &medications, &procedures};
    for (int p = 0; p < 3; ++p)
        for (int level = 0; level < kZipfLevels; ++level)
            zipfCdf_[p].push_back(zipfCdf(pools[p]->size(), zipfExponent(level)));
}

const std::vector<double>& SyntheticCatalog::cdfFor(const std::vector<std::uint32_t>& pool, int level) const {
    const int p = &pool == &diagnoses ? 0 : (&pool == &medications ? 1 : 2);
    return zipfCdf_[p][static_cast<std::size_t>(std::clamp(level, 0, kZipfLevels - 1))];
}

std::uint32_t SyntheticCatalog::drawZipf(const std::vector<std::uint32_t>& pool, int level, Rng& rng) const {
    const auto& cdf = cdfFor(pool, level);
    const double u = rng.uniform();
    const auto it = std::upper_bound(cdf.begin(), cdf.end(), u);
    const auto index = std::min<std::size_t>(static_cast<std::size_t>(it - cdf.begin()), pool.size() - 1);
    return pool[index];
}

}  // namespace cb
