#include "app/gui/app_settings.h"

#include <QSettings>

namespace cb::app {
namespace {

QString oneOf(const QString& value, const QStringList& allowed, const QString& fallback) {
    return allowed.contains(value) ? value : fallback;
}

}  // namespace

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

AppSettings AppSettings::load() {
    const QSettings s;
    AppSettings a;
    a.compute = ComputePreferences::load();
    const ViewSettings defaults;
    a.view.tab = s.value(QStringLiteral("view/tab"), defaults.tab).toString();
    a.view.taskLines = s.value(QStringLiteral("view/task_lines"), defaults.taskLines).toBool();
    a.view.strataMetric = oneOf(s.value(QStringLiteral("view/strata_metric")).toString(),
                                {QStringLiteral("rr1"), QStringLiteral("irregularity"), QStringLiteral("length")}, defaults.strataMetric);
    a.view.overlayLogX = s.value(QStringLiteral("view/overlay_log_x"), defaults.overlayLogX).toBool();
    a.view.perplexityLogX = s.value(QStringLiteral("view/perplexity_log_x"), defaults.perplexityLogX).toBool();
    a.session.workspace = s.value(QStringLiteral("session/workspace")).toString();
    a.session.cohortSpec = s.value(QStringLiteral("session/cohort")).toString();
    a.session.modelFolder = s.value(QStringLiteral("session/model")).toString();
    a.recentCohorts = s.value(QStringLiteral("recent/cohorts")).toStringList().mid(0, kRecentLimit);
    a.recentModels = s.value(QStringLiteral("recent/models")).toStringList().mid(0, kRecentLimit);
    a.theme = oneOf(s.value(QStringLiteral("appearance/theme")).toString(),
                    {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}, QStringLiteral("system"));
    a.geometry = s.value(QStringLiteral("window/geometry")).toByteArray();
    a.windowState = s.value(QStringLiteral("window/state")).toByteArray();
    return a;
}

void AppSettings::save() const {
    compute.save();
    QSettings s;
    s.setValue(QStringLiteral("view/tab"), view.tab);
    s.setValue(QStringLiteral("view/task_lines"), view.taskLines);
    s.setValue(QStringLiteral("view/strata_metric"), view.strataMetric);
    s.setValue(QStringLiteral("view/overlay_log_x"), view.overlayLogX);
    s.setValue(QStringLiteral("view/perplexity_log_x"), view.perplexityLogX);
    s.setValue(QStringLiteral("session/workspace"), session.workspace);
    s.setValue(QStringLiteral("session/cohort"), session.cohortSpec);
    s.setValue(QStringLiteral("session/model"), session.modelFolder);
    s.setValue(QStringLiteral("recent/cohorts"), recentCohorts);
    s.setValue(QStringLiteral("recent/models"), recentModels);
    s.setValue(QStringLiteral("appearance/theme"), theme);
    s.setValue(QStringLiteral("window/geometry"), geometry);
    s.setValue(QStringLiteral("window/state"), windowState);
}

void AppSettings::remember(QStringList& list, const QString& item) {
    if (item.isEmpty()) return;
    list.removeAll(item);
    list.prepend(item);
    while (list.size() > kRecentLimit) list.removeLast();
}

}  // namespace cb::app
