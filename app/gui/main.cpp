#include "app/gui/launch_options.h"
#include "app/gui/main_window.h"
#include "app/gui/results_controller.h"
#include "app/gui/theme.h"
#include "app/gui/workspace_controller.h"
#include "core/runtime/torch_runtime.h"

#include <QApplication>
#include <QDir>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <memory>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ContextBench"));
    QApplication::setOrganizationName(QStringLiteral("ContextBench"));

    cb::app::LaunchOptions options;
    QString error;
    if (!cb::app::parseLaunchOptions(QApplication::arguments(), options, error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return error.startsWith(QStringLiteral("Usage")) ? 0 : 2;
    }
    cb::initTorchRuntime();
    cb::app::applyTheme(app, cb::app::AppSettings::load().theme);

    cb::app::WorkspaceController controller;
    cb::app::MainWindow window(&controller);
    window.show();

    const bool oneShot = !options.screenshot.isEmpty() || !options.exportPath.isEmpty();
    int exitCode = 0;
    if (oneShot) {
        QObject::connect(&controller, &cb::app::WorkspaceController::jobFinished, &app,
                         [&](const QString& message, bool succeeded) {
                             if (!succeeded) {
                                 std::fprintf(stderr, "contextbench: %s\n", qPrintable(message));
                                 exitCode = 1;
                                 app.quit();
                                 return;
                             }
                             // Let the last queued results (and a stratification still running) reach the
                             // views before rendering.
                             auto render = std::make_shared<std::function<void()>>();
                             *render = [&, render] {
                                 if (controller.strataBusy() || window.resultsController()->busy()) {
                                     QTimer::singleShot(100, &app, *render);
                                     return;
                                 }
                                 if (!options.screenshot.isEmpty() && !window.grab().save(options.screenshot)) {
                                     std::fprintf(stderr, "contextbench: cannot write %s\n", qPrintable(options.screenshot));
                                     exitCode = 1;
                                 }
                                 if (!options.exportPath.isEmpty()) {
                                     const QString problem = window.exportFigure(options.exportPath, options.exportSize, 300);
                                     if (!problem.isEmpty()) {
                                         std::fprintf(stderr, "contextbench: %s\n", qPrintable(problem));
                                         exitCode = 1;
                                     }
                                 }
                                 app.quit();
                             };
                             QTimer::singleShot(200, &app, *render);
                         });
    }
    if (!options.tab.isEmpty()) window.showView(options.tab);
    const auto plan = cb::app::planStartup(options, window.settings().session);
    QDir().mkpath(plan.workspace);
    if (plan.cohortSpec.isEmpty())
        controller.openDemo(options.demo, plan.workspace, options.evaluate);
    else
        controller.openCohort(plan.cohortSpec, {}, plan.workspace);
    if (!plan.modelFolder.isEmpty()) {
        // The model opens once the cohort is in: it reports how much of it its vocabulary covers.
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = QObject::connect(&controller, &cb::app::WorkspaceController::jobFinished, &app,
                                       [&controller, connection, folder = plan.modelFolder](const QString&, bool) {
                                           QObject::disconnect(*connection);
                                           controller.openModel(folder);
                                       });
    }
    const int rc = app.exec();
    return oneShot ? exitCode : rc;
}
