#include "app/gui/launch_options.h"

#include "app/gui/app_settings.h"
#include "core/analysis/context_sweep_config.h"
#include "widgets/export/export_spec.h"

#include <QCommandLineParser>
#include <QDir>

namespace cb::app {

StartupPlan planStartup(const LaunchOptions& options, const SessionSettings& last) {
    if (options.restoreSession && !last.workspace.isEmpty() && QDir(last.workspace).exists()) {
        StartupPlan plan{last.workspace, last.cohortSpec, {}, true};
        if (!last.modelFolder.isEmpty() && QDir(last.modelFolder).exists()) plan.modelFolder = last.modelFolder;
        return plan;
    }
    return {options.workspace, options.cohort, {}, false};
}

bool parseLaunchOptions(const QStringList& arguments, LaunchOptions& options, QString& error) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ContextBench: long-context models on electronic health records"));
    parser.addHelpOption();
    const QCommandLineOption workspace(QStringLiteral("workspace"), QStringLiteral("Demo workspace folder."), QStringLiteral("dir"),
                                       QString::fromStdString(defaultDemoWorkspace()));
    const QCommandLineOption patients(QStringLiteral("patients"), QStringLiteral("Patients in the demo cohort."), QStringLiteral("n"),
                                      QString::number(options.demo.patients));
    const QCommandLineOption contexts(QStringLiteral("contexts"), QStringLiteral("Comma-separated context lengths."),
                                      QStringLiteral("list"), QStringLiteral("512,1024,2048,4096"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed of the demo."), QStringLiteral("n"),
                                  QString::number(options.demo.seed));
    const QCommandLineOption device(QStringLiteral("device"),
                                    QStringLiteral("auto, cpu, cuda or cuda:N (default: Analysis → Device and precision)."),
                                    QStringLiteral("device"));
    const QCommandLineOption noEvaluate(QStringLiteral("no-evaluate"), QStringLiteral("Show cached results only; compute nothing."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Load the demo, save the main window as PNG, quit."), QStringLiteral("file"));
    const QCommandLineOption exportFigure(QStringLiteral("export"), QStringLiteral("Load the demo, export the figure, quit."),
                                          QStringLiteral("file"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Export size: single, double or slide."),
                                  QStringLiteral("id"), QStringLiteral("double"));
    const QCommandLineOption cohort(QStringLiteral("cohort"),
                                    QStringLiteral("Open this cohort instead of the demo: a MEDS folder, a FEMR/EHRSHOT CSV, "
                                                   "or synthetic:patients=500,... (nothing is evaluated)."),
                                    QStringLiteral("path"));
    const QCommandLineOption tab(QStringLiteral("tab"), QStringLiteral("View to show: auroc, strata, perplexity, overlay, comparison, results, lift, lift-ehr, attention or patients."),
                                 QStringLiteral("name"));
    parser.addOptions({workspace, patients, contexts, seed, device, noEvaluate, screenshot, exportFigure, size, cohort, tab});
    if (!parser.parse(arguments)) {
        error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        error = parser.helpText();
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        error = QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first());
        return false;
    }
    bool ok = false;
    options.demo.patients = parser.value(patients).toInt(&ok);
    if (!ok || options.demo.patients < 10) {
        error = QStringLiteral("--patients expects an integer of at least 10");
        return false;
    }
    options.demo.seed = parser.value(seed).toULongLong(&ok);
    if (!ok) {
        error = QStringLiteral("--seed expects a non-negative integer");
        return false;
    }
    try {
        options.demo.contexts = parseContextList(parser.value(contexts).toStdString());
    } catch (const std::exception& e) {
        error = QString::fromStdString(e.what());
        return false;
    }
    const auto preferences = ComputePreferences::load();
    options.demo.device = parser.isSet(device) ? parser.value(device).toStdString() : preferences.device;
    options.demo.precision = preferences.precision;
    options.workspace = parser.value(workspace);
    options.evaluate = !parser.isSet(noEvaluate);
    options.screenshot = parser.value(screenshot);
    options.exportPath = parser.value(exportFigure);
    options.exportSize = parser.value(size);
    options.cohort = parser.value(cohort);
    options.tab = parser.value(tab);
    options.restoreSession = !parser.isSet(workspace) && !parser.isSet(cohort) && !parser.isSet(patients) &&
                             !parser.isSet(contexts) && !parser.isSet(seed) && options.screenshot.isEmpty() &&
                             options.exportPath.isEmpty();
    static const QStringList tabs = {QStringLiteral("auroc"),      QStringLiteral("strata"),  QStringLiteral("perplexity"),
                                     QStringLiteral("overlay"),    QStringLiteral("comparison"), QStringLiteral("results"),
                                     QStringLiteral("lift"),       QStringLiteral("lift-ehr"),   QStringLiteral("attention"),
                                     QStringLiteral("patients")};
    if (!options.tab.isEmpty() && !tabs.contains(options.tab)) {
        error = QStringLiteral("--tab must be one of ") + tabs.join(QStringLiteral(", "));
        return false;
    }
    if (!widgets::findReportSize(options.exportSize)) {
        error = QStringLiteral("--size must be single, double or slide");
        return false;
    }
    return true;
}

}  // namespace cb::app
