#include "app/gui/synthetic_cohort_dialog.h"

#include "core/cohort/synthetic_config.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSpinBox>

namespace cb::app {
namespace {

QDoubleSpinBox* knob(QWidget* parent, double low, double high, double value, double step) {
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(low, high);
    box->setSingleStep(step);
    box->setDecimals(2);
    box->setValue(value);
    return box;
}

}  // namespace

SyntheticCohortDialog::SyntheticCohortDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("New synthetic cohort"));
    const SyntheticConfig defaults;
    patients_ = new QSpinBox(this);
    patients_->setRange(10, 200000);
    patients_->setValue(defaults.patients);
    seed_ = new QSpinBox(this);
    seed_->setRange(0, 1 << 30);
    seed_->setValue(static_cast<int>(defaults.seed));
    copyForward_ = knob(this, 0.0, 0.95, defaults.copyForwardRate, 0.05);
    copyForward_->setToolTip(tr("How often a visit's diagnoses and medications are recorded again at the next one"));
    irregularity_ = knob(this, 0.0, 3.0, defaults.irregularity, 0.1);
    irregularity_->setToolTip(tr("Dispersion of the gaps between visits; 0 is a metronome"));
    progression_ = knob(this, 0.0, 3.0, defaults.progression, 0.1);
    progression_->setToolTip(tr("How much denser and rarer later visits become"));
    medianVisits_ = knob(this, 1.0, 2000.0, defaults.medianVisits, 10.0);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Patients"), patients_);
    form->addRow(tr("Seed"), seed_);
    form->addRow(tr("Copy-forward rate"), copyForward_);
    form->addRow(tr("Irregularity"), irregularity_);
    form->addRow(tr("Disease progression"), progression_);
    form->addRow(tr("Median visits"), medianVisits_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

QString SyntheticCohortDialog::spec() const {
    return QStringLiteral("synthetic:patients=%1,seed=%2,copy_forward_rate=%3,irregularity=%4,progression=%5,median_visits=%6")
        .arg(patients_->value())
        .arg(seed_->value())
        .arg(copyForward_->value())
        .arg(irregularity_->value())
        .arg(progression_->value())
        .arg(medianVisits_->value());
}

}  // namespace cb::app
