#include "core/cohort/synthetic_patient.h"

#include "core/cohort/event_store.h"
#include "core/common/rng.h"

#include <algorithm>
#include <cmath>

namespace cb {
namespace {

constexpr TimeUs kYearUs = 365 * kDayUs;
constexpr TimeUs kStudyStart = 1199145600LL * kSecondUs;  // 2008-01-01
constexpr int kEpisodeVisits = 10;
// Acute illness pushes each lab towards its abnormal side (per unit of acuity).
constexpr std::array<double, kLabCount> kAcuteShift = {-0.35, -12.0, 0.12, -3.0, -0.9, 0.05, 0.0};

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// The slowly drifting physiology of one patient: per lab a baseline and an AR(1) deviation that
// moves a little at every visit, so recent measurements predict the next one.
struct Physiology {
    std::array<double, kLabCount> baseline{};
    std::array<double, kLabCount> drift{};
    std::array<double, kLabCount> driftSd{};
    double heartRate = 74.0;
    double systolic = 122.0;

    void step(Rng& rng) {
        constexpr double phi = 0.85;
        const double innovation = std::sqrt(1.0 - phi * phi);
        for (int i = 0; i < kLabCount; ++i)
            drift[static_cast<std::size_t>(i)] = phi * drift[static_cast<std::size_t>(i)] +
                                                 innovation * driftSd[static_cast<std::size_t>(i)] * rng.normal();
    }
    double measure(int lab, double acuteShift, Rng& rng) const {
        const auto& spec = syntheticLabs()[static_cast<std::size_t>(lab)];
        const double v = baseline[static_cast<std::size_t>(lab)] + drift[static_cast<std::size_t>(lab)] + acuteShift +
                         spec.noiseSd * rng.normal();
        return std::max(v, 0.05 * spec.mean);
    }
};

class PatientSimulator {
public:
    PatientSimulator(const SyntheticConfig& config, const SyntheticCatalog& catalog, std::uint64_t seed)
        : config_(config), catalog_(catalog), rng_(seed) {}

    SyntheticPatient run();

private:
    void emit(TimeUs t, std::uint32_t code, double value = std::nan("")) {
        out_.events.push_back({t, code, std::isnan(value) ? kNoValue : static_cast<float>(value)});
    }
    void drawPatient();
    void addProblem(std::uint32_t code) {
        if (std::find(problems_.begin(), problems_.end(), code) == problems_.end()) problems_.push_back(code);
    }
    std::vector<int> chooseIndexVisits(int visits);
    TimeUs simulateVisit(int v, TimeUs t, bool isIndex, bool forcedInpatient, bool& readmit);
    void emitLabs(TimeUs t, double acuity, bool fullPanel);
    void emitPointOfCare(TimeUs t, double acuity);
    void scheduleDiagnoses(TimeUs firstVisit, TimeUs lastTime);

    const SyntheticConfig& config_;
    const SyntheticCatalog& catalog_;
    Rng rng_;
    SyntheticPatient out_;

    int visits_ = 0;
    double copyForward_ = 0.0;
    double gapSigma_ = 0.0;
    double medianGapDays_ = 27.0;
    double frailty_ = 0.0;
    bool ckd_ = false, insulin_ = false, marrow_ = false, hyponatremic_ = false;
    std::array<bool, kConditionCount> latent_{};
    std::array<int, kConditionCount> onset_{};
    Physiology body_;
    std::vector<std::uint32_t> carried_;   // diagnoses and medications of the previous visit
    std::vector<std::uint32_t> problems_;  // chronic problems recorded so far, in order of first record
};

void PatientSimulator::drawPatient() {
    const double visits = rng_.lognormal(std::log(config_.medianVisits), config_.visitSpread);
    visits_ = std::clamp(static_cast<int>(std::lround(visits)), config_.minVisits, config_.maxVisits);
    const double c = config_.copyForwardRate;
    copyForward_ = c <= 0.0 ? 0.0 : rng_.beta(8.0 * c, 8.0 * (1.0 - c));
    gapSigma_ = config_.irregularity * rng_.lognormal(std::log(0.9), 0.3);
    medianGapDays_ = rng_.lognormal(std::log(27.0), 0.35);
    frailty_ = rng_.normal();

    ckd_ = rng_.bernoulli(0.15);
    insulin_ = rng_.bernoulli(0.14);
    marrow_ = rng_.bernoulli(0.12);
    hyponatremic_ = rng_.bernoulli(0.14);

    for (int k = 0; k < kConditionCount; ++k) {
        const auto& condition = syntheticConditions()[static_cast<std::size_t>(k)];
        latent_[static_cast<std::size_t>(k)] = rng_.bernoulli(condition.prevalence);
        if (condition.earlyMarker) {
            const int lastEarly = std::max(1, static_cast<int>(0.15 * visits_));
            onset_[static_cast<std::size_t>(k)] = 1 + static_cast<int>(rng_.below(static_cast<std::uint64_t>(lastEarly)));
        } else {
            onset_[static_cast<std::size_t>(k)] = static_cast<int>(rng_.uniform(0.15, 0.6) * visits_);
        }
    }

    const auto& labs = syntheticLabs();
    for (int i = 0; i < kLabCount; ++i) {
        const auto& spec = labs[static_cast<std::size_t>(i)];
        body_.baseline[static_cast<std::size_t>(i)] = spec.mean + spec.patientSd * rng_.normal();
        body_.driftSd[static_cast<std::size_t>(i)] = spec.driftSd;
    }
    if (ckd_) {
        body_.baseline[kPotassium] += 1.1;
        body_.baseline[kHemoglobin] -= 2.4;
        body_.baseline[kCreatinine] += 1.3;
    }
    if (marrow_) body_.baseline[kPlatelets] -= 115.0;
    if (insulin_) {
        body_.baseline[kGlucose] -= 18.0;
        body_.driftSd[kGlucose] = 26.0;
    }
    if (hyponatremic_) body_.baseline[kSodium] -= 6.0;
    body_.heartRate = 74.0 + 7.0 * rng_.normal();
    body_.systolic = 122.0 + 9.0 * rng_.normal();
}

std::vector<int> PatientSimulator::chooseIndexVisits(int visits) {
    const int lo = std::max(1, static_cast<int>(0.55 * visits));
    const int hi = visits - 1;
    std::vector<int> chosen{lo + static_cast<int>(rng_.below(static_cast<std::uint64_t>(hi - lo + 1)))};
    if (visits >= 20) {
        const int second = lo + static_cast<int>(rng_.below(static_cast<std::uint64_t>(hi - lo + 1)));
        if (std::abs(second - chosen[0]) >= 2) chosen.push_back(second);
    }
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

void PatientSimulator::emitLabs(TimeUs t, double acuity, bool fullPanel) {
    for (int lab = 0; lab < kLabCount; ++lab) {
        if (lab == kCholesterol && !(fullPanel && rng_.bernoulli(0.35))) continue;
        if (lab == kCreatinine && !fullPanel) continue;
        emit(t, catalog_.labs[static_cast<std::size_t>(lab)],
             body_.measure(lab, acuity * kAcuteShift[static_cast<std::size_t>(lab)], rng_));
    }
}

void PatientSimulator::emitPointOfCare(TimeUs t, double acuity) {
    for (int lab = 0; lab < kLabCount; ++lab) {
        const auto code = catalog_.pointOfCare[static_cast<std::size_t>(lab)];
        if (code == 0) continue;
        const auto& spec = syntheticLabs()[static_cast<std::size_t>(lab)];
        // The point-of-care assay is noisier than the laboratory's.
        emit(t, code, body_.measure(lab, acuity * kAcuteShift[static_cast<std::size_t>(lab)], rng_) + 0.5 * spec.noiseSd * rng_.normal());
    }
}

TimeUs PatientSimulator::simulateVisit(int v, TimeUs t, bool isIndex, bool forcedInpatient, bool& readmit) {
    const double u = visits_ > 1 ? static_cast<double>(v) / (visits_ - 1) : 0.0;
    const double progression = config_.progression;
    const int zipfLevel = static_cast<int>(std::lround(std::min(1.0, 0.5 * progression * u) * (SyntheticCatalog::kZipfLevels - 1)));
    const bool inpatient = isIndex || forcedInpatient || rng_.bernoulli(0.05 + 0.03 * std::max(0.0, frailty_));
    const bool emergency = !inpatient && rng_.bernoulli(0.07 + 0.05 * std::max(0.0, frailty_));
    const double acuity = inpatient ? rng_.normal() : 0.0;
    body_.step(rng_);

    emit(t, inpatient ? catalog_.visitInpatient : (emergency ? catalog_.visitEmergency : catalog_.visitOutpatient));

    // Vitals, recorded together ten minutes in.
    const TimeUs tVitals = t + 10 * kMinuteUs;
    double systolic = body_.systolic + 7.0 * rng_.normal();
    if (latent_[kHypertension] && v >= onset_[kHypertension])
        systolic += 26.0 * std::min(1.0, (v - onset_[kHypertension] + 1) / 4.0);
    emit(tVitals, catalog_.heartRate, body_.heartRate + 9.0 * acuity + 5.0 * rng_.normal());
    emit(tVitals, catalog_.systolicBp, systolic);
    if (inpatient || emergency) emitPointOfCare(t + 30 * kMinuteUs, acuity);

    // Diagnoses: copy-forwarded ones first, then new ones; later visits carry more and rarer codes.
    const TimeUs tDx = t + 20 * kMinuteUs;
    std::vector<std::uint32_t> recorded;
    // Copy-forwarding: diagnoses and medications of the previous visit carried over, each with the
    // patient's rate.
    for (const auto code : carried_)
        if (rng_.bernoulli(copyForward_)) {
            emit(tDx, code);
            recorded.push_back(code);
        }
    // Problem-list mentions: any chronic problem recorded before may be mentioned again at any later
    // visit, however long ago it was first recorded. Predicting these is what teaches a model to
    // look far back.
    for (const auto code : problems_)
        if (rng_.bernoulli(0.015)) emit(tDx, code);
    const double dxRate = (1.5 + 4.0 * progression * u) * (inpatient ? 1.5 : 1.0);
    for (int k = rng_.poisson(dxRate); k > 0; --k) {
        const auto code = catalog_.drawZipf(catalog_.diagnoses, zipfLevel, rng_);
        emit(tDx, code);
        recorded.push_back(code);
        if (rng_.bernoulli(0.3)) addProblem(code);
    }
    for (int k = rng_.poisson(0.35 * std::exp(0.8 * frailty_)); k > 0; --k)
        emit(tDx, catalog_.frailty[rng_.below(catalog_.frailty.size())]);
    // The long tail of rarely used codes: most are seen too seldom to enter a vocabulary.
    if (rng_.bernoulli(0.03)) emit(tDx, catalog_.rare[rng_.below(catalog_.rare.size())]);

    // Early-marker conditions: an episode of ten visits from onset, each recording a few of the
    // condition's codes (its two markers, three signs), then remission with a rare flare. Patients
    // without the condition record the same codes now and then, so a code is evidence, not proof.
    for (int k = 0; k < kConditionCount; ++k) {
        const auto index = static_cast<std::size_t>(k);
        if (!syntheticConditions()[index].earlyMarker) continue;
        const bool latent = latent_[index];
        const bool inEpisode = latent && v >= onset_[index] && v < onset_[index] + kEpisodeVisits;
        const int count = inEpisode ? 2 + static_cast<int>(rng_.below(3)) : (rng_.bernoulli(latent ? 0.02 : 0.01) ? 1 : 0);
        for (int c = 0; c < count; ++c) {
            const auto pick = rng_.below(5);
            emit(tDx, pick < 2 ? catalog_.markers[index][pick] : catalog_.signs[index][pick - 2]);
        }
    }

    const TimeUs tMeds = t + 40 * kMinuteUs;
    if (insulin_ && rng_.bernoulli(0.7)) emit(tMeds, catalog_.insulin);
    for (int k = rng_.poisson(0.8 + 2.0 * progression * u); k > 0; --k) {
        const auto code = catalog_.drawZipf(catalog_.medications, zipfLevel, rng_);
        emit(tMeds, code);
        recorded.push_back(code);
    }
    for (int k = rng_.poisson(0.7); k > 0; --k)
        emit(t + 60 * kMinuteUs, catalog_.drawZipf(catalog_.procedures, zipfLevel, rng_));

    if (latent_[kHyperlipidemia] && v >= onset_[kHyperlipidemia])
        body_.baseline[kCholesterol] = std::max(body_.baseline[kCholesterol], syntheticLabs()[kCholesterol].mean + 60.0);
    if (inpatient || rng_.bernoulli(0.45)) emitLabs(t + 3 * kHourUs, acuity, true);
    carried_ = std::move(recorded);

    TimeUs end = t + 2 * kHourUs;
    if (inpatient) {
        const double losDays = rng_.lognormal(std::log(3.2) + 0.4 * frailty_ + 0.35 * acuity + (ckd_ ? 0.25 : 0.0), 0.45);
        const TimeUs los = std::max<TimeUs>(6 * kHourUs, static_cast<TimeUs>(losDays * kDayUs));
        end = t + los;
        if (rng_.bernoulli(logistic(-2.0 + 0.9 * acuity + 0.4 * frailty_))) {
            const TimeUs latest = std::min<TimeUs>(48 * kHourUs, los - kHourUs);
            const TimeUs offset = 4 * kHourUs + static_cast<TimeUs>(rng_.uniform() * std::max<TimeUs>(0, latest - 4 * kHourUs));
            emit(t + offset, catalog_.visitIcu);
        }
        const int days = std::min(10, static_cast<int>(losDays));
        for (int d = 1; d <= days; ++d) {
            body_.step(rng_);
            emitLabs(t + d * kDayUs + 6 * kHourUs, acuity * std::pow(0.7, d), false);
        }
        emit(end, catalog_.discharge);
        if (isIndex) out_.indexAdmissions.push_back({t, t + 2 * kHourUs, end});
        readmit = rng_.bernoulli(logistic(-1.9 + 0.8 * frailty_ + (ckd_ ? 0.5 : 0.0)));
    }
    return end;
}

void PatientSimulator::scheduleDiagnoses(TimeUs firstVisit, TimeUs lastTime) {
    const TimeUs firstPrediction = out_.indexAdmissions.empty() ? lastTime : out_.indexAdmissions.front().predictionTime;
    for (int k = 0; k < kConditionCount; ++k) {
        TimeUs when = -1;
        if (latent_[static_cast<std::size_t>(k)] && rng_.bernoulli(0.8))
            when = firstPrediction + kDayUs + static_cast<TimeUs>(rng_.uniform() * 330.0 * kDayUs);
        else if (!latent_[static_cast<std::size_t>(k)] && rng_.bernoulli(0.03))
            when = firstVisit + static_cast<TimeUs>(rng_.uniform() * static_cast<double>(lastTime - firstVisit + kYearUs));
        if (when < 0) continue;
        // The diagnosis is made at an outpatient visit of its own.
        emit(when, catalog_.visitOutpatient);
        emit(when + 20 * kMinuteUs, catalog_.diagnosis[static_cast<std::size_t>(k)]);
        emit(when + 20 * kMinuteUs, catalog_.drawZipf(catalog_.diagnoses, 0, rng_));
    }
}

SyntheticPatient PatientSimulator::run() {
    drawPatient();
    const TimeUs firstVisit = kStudyStart + static_cast<TimeUs>(rng_.uniform() * 6.0 * kYearUs);
    const TimeUs birth = firstVisit - static_cast<TimeUs>(rng_.uniform(25.0, 80.0) * kYearUs);
    emit(birth, catalog_.birth);
    emit(birth, rng_.bernoulli(0.5) ? catalog_.genderF : catalog_.genderM);
    emit(birth, catalog_.race[rng_.below(catalog_.race.size())]);

    const auto indexVisits = chooseIndexVisits(visits_);
    TimeUs t = firstVisit;
    TimeUs end = firstVisit;
    bool readmit = false;
    for (int v = 0; v < visits_; ++v) {
        if (v > 0) {
            TimeUs next = 0;
            if (readmit) {
                next = end + static_cast<TimeUs>(rng_.uniform(2.0, 28.0) * kDayUs);
            } else {
                // Log-normal gap around the patient's median: the per-patient sigma sets how irregular
                // visits are (a larger sigma brings both bursts of visits and long absences).
                const double gapDays = medianGapDays_ * std::exp(gapSigma_ * rng_.normal());
                next = t + static_cast<TimeUs>(gapDays * kDayUs);
            }
            t = std::max(next, end + kHourUs);
        }
        const bool isIndex = std::find(indexVisits.begin(), indexVisits.end(), v) != indexVisits.end();
        const bool forced = readmit;
        readmit = false;
        end = simulateVisit(v, t, isIndex, forced, readmit);
    }
    scheduleDiagnoses(firstVisit, end);
    std::stable_sort(out_.events.begin(), out_.events.end(),
                     [](const SyntheticEvent& a, const SyntheticEvent& b) { return a.time < b.time; });
    return std::move(out_);
}

}  // namespace

SyntheticPatient simulatePatient(const SyntheticConfig& config, const SyntheticCatalog& catalog,
                                 std::uint64_t patientSeed) {
    return PatientSimulator(config, catalog, patientSeed).run();
}

}  // namespace cb
