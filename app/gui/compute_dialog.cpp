#include "app/gui/compute_dialog.h"

#include "app/gui/settings_form.h"

#include <QComboBox>
#include <QFormLayout>

namespace cb::app {

ComputeDialog::ComputeDialog(const ComputePreferences& current, int cudaDevices, QWidget* parent)
    : QDialog(parent), device_(new QComboBox(this)), precision_(new QComboBox(this)) {
    setWindowTitle(tr("Device and precision"));
    device_->addItem(tr("Automatic (a GPU when there is one)"), QStringLiteral("auto"));
    device_->addItem(tr("CPU"), QStringLiteral("cpu"));
    for (int i = 0; i < cudaDevices; ++i) device_->addItem(tr("GPU %1 (cuda:%1)").arg(i), QStringLiteral("cuda:%1").arg(i));
    precision_->addItem(tr("fp32"), QStringLiteral("fp32"));
    precision_->addItem(tr("bf16 (autocast; statistics stay in double)"), QStringLiteral("bf16"));
    const int d = device_->findData(QString::fromStdString(current.device));
    device_->setCurrentIndex(d >= 0 ? d : 0);
    precision_->setCurrentIndex(std::max(0, precision_->findData(QString::fromStdString(current.precision))));

    auto* form = new QFormLayout(this);
    form->addRow(tr("Device:"), device_);
    form->addRow(tr("Precision:"), precision_);
    finishSettingsForm(*this, *form, tr("Applies to the jobs started from now on. bf16 results are cached apart from fp32 ones."));
}

ComputePreferences ComputeDialog::preferences() const {
    return {device_->currentData().toString().toStdString(), precision_->currentData().toString().toStdString()};
}

}  // namespace cb::app
