#include "app/gui/lift_wiring.h"

#include "app/gui/lift_controller.h"
#include "widgets/panels/job_panel.h"
#include "widgets/panels/lift_panel.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QStatusBar>

namespace cb::app {

void wireLiftPanel(widgets::LiftPanel* panel, LiftController* controller, widgets::JobPanel* jobs, QStatusBar* status,
                   std::function<QString()> workspace) {
    using widgets::LiftPanel;
    QObject::connect(panel, &LiftPanel::tokenCountWanted, controller, [panel, controller] {
        controller->countTokens(panel->document(), panel->settings().modelDir, panel->settings().segmentLength);
    });
    QObject::connect(controller, &LiftController::tokenSummary, panel, &LiftPanel::setTokenSummary);
    QObject::connect(panel, &LiftPanel::documentEdited, controller, &LiftController::documentEdited);
    QObject::connect(panel, &LiftPanel::startRequested, controller, [panel, controller, workspace] {
        if (controller->busy()) {
            QMessageBox::information(panel, QObject::tr("LIFT"), QObject::tr("A LIFT job is running; cancel it or wait for it."));
            return;
        }
        const auto settings = panel->settings();
        if (settings.modelDir.isEmpty()) {
            QMessageBox::information(panel, QObject::tr("LIFT"), QObject::tr("Choose a text model folder first, or use the demo."));
            return;
        }
        panel->clearRun();
        panel->setRunning(true);
        const QString root = workspace();
        controller->start(settings, panel->document(), root.isEmpty() ? QString() : root + QStringLiteral("/results.sqlite"));
    });
    QObject::connect(panel, &LiftPanel::cancelRequested, controller, &LiftController::cancel);
    QObject::connect(panel, &LiftPanel::useDemoRequested, controller, [controller, workspace] { controller->prepareDemo(workspace()); });
    QObject::connect(panel, &LiftPanel::documentFileDropped, controller, &LiftController::loadDocumentFile);
    QObject::connect(panel, &LiftPanel::saveAdaptedRequested, controller, [panel, controller] {
        const QString dir = QFileDialog::getSaveFileName(panel, QObject::tr("Save the adapted model as a new folder"));
        if (!dir.isEmpty()) controller->saveAdapted(dir);
    });
    QObject::connect(controller, &LiftController::epochLoss, panel, &LiftPanel::addEpochLoss);
    QObject::connect(controller, &LiftController::resultsReady, panel, &LiftPanel::setResults);
    QObject::connect(controller, &LiftController::documentLoaded, panel, [panel, status](const QString& text, const QString& warning) {
        panel->setDocument(text);
        if (!warning.isEmpty()) status->showMessage(warning, 15000);
    });
    QObject::connect(controller, &LiftController::demoReady, panel,
                     [panel](const widgets::LiftSettingsData& settings, const QString& document) {
                         panel->setDocument(document);
                         panel->applySettings(settings);
                     });
    QObject::connect(controller, &LiftController::jobStarted, jobs, &widgets::JobPanel::start);
    QObject::connect(controller, &LiftController::jobProgress, jobs, &widgets::JobPanel::update);
    QObject::connect(controller, &LiftController::jobFinished, panel, [panel, jobs, status](const QString& message, bool) {
        panel->setRunning(false);
        jobs->finish(message);
        status->showMessage(message, 8000);
    });
    QObject::connect(controller, &LiftController::notice, status, [status](const QString& m) { status->showMessage(m, 15000); });
}

}  // namespace cb::app
