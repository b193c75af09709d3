#include "app/gui/launch_options.h"
#include "app/gui/main_window.h"
#include "app/gui/workspace_controller.h"
#include "core/runtime/torch_runtime.h"

#include <QApplication>
#include <QDir>
#include <QTimer>

#include <cstdio>

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
                             // Let the last queued results reach the views before rendering.
                             QTimer::singleShot(200, &app, [&] {
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
                             });
                         });
    }
    QDir().mkpath(options.workspace);
    controller.openDemo(options.demo, options.workspace, options.evaluate);
    const int rc = app.exec();
    return oneShot ? exitCode : rc;
}
