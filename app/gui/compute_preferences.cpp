#include "app/gui/compute_preferences.h"

#include <QSettings>

namespace cb::app {

ComputePreferences ComputePreferences::load() {
    const QSettings settings;
    ComputePreferences p;
    p.device = settings.value(QStringLiteral("compute/device"), QString::fromStdString(p.device)).toString().toStdString();
    p.precision = settings.value(QStringLiteral("compute/precision"), QString::fromStdString(p.precision)).toString().toStdString();
    if (p.precision != "fp32" && p.precision != "bf16") p.precision = "fp32";
    return p;
}

void ComputePreferences::save() const {
    QSettings settings;
    settings.setValue(QStringLiteral("compute/device"), QString::fromStdString(device));
    settings.setValue(QStringLiteral("compute/precision"), QString::fromStdString(precision));
}

}  // namespace cb::app
