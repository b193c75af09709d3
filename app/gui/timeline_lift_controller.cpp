#include "app/gui/timeline_lift_controller.h"

#include "app/figures/timeline_lift_adapter.h"
#include "app/gui/workspace_controller.h"
#include "core/analysis/prepared_cohort.h"
#include "core/lift/timeline_lift_folders.h"
#include "core/runtime/torch_runtime.h"
#include "widgets/panels/job_panel.h"
#include "widgets/panels/timeline_lift_panel.h"

#include <QMetaObject>

namespace cb::app {

TimelineLiftController::TimelineLiftController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<widgets::TimelineLiftResultData>();
}

TimelineLiftController::~TimelineLiftController() {
    runner_.cancel();
    runner_.wait();
}

void TimelineLiftController::start(const widgets::TimelineLiftSettingsData& settings, std::shared_ptr<const PreparedCohort> cohort,
                                   const std::string& device) {
    const TimelineLiftFolders folders{settings.shortModel.toStdString(), settings.longModel.toStdString(), 0, {}};
    const auto config = toTimelineLiftConfig(settings);
    auto result = std::make_shared<TimelineLiftResult>();
    Q_EMIT jobStarted(tr("LIFT on timelines (%1 patients per split)").arg(settings.patients));
    runner_.start(
        [cohort, folders, config, device, result](const JobContext& job) {
            initTorchRuntime();
            *result = runTimelineLiftFromFolders(cohort->cohort, folders, config, resolveDevice(device), job);
        },
        [this](const ProgressUpdate& u) {
            QMetaObject::invokeMethod(this, [this, u] {
                Q_EMIT jobProgress(u.fraction, QString::fromStdString(u.stage), QString::fromStdString(u.detail));
            }, Qt::QueuedConnection);
        },
        [this, result](JobState state, const std::string& error) {
            QMetaObject::invokeMethod(this, [this, state, error, result] {
                switch (state) {
                    case JobState::Succeeded:
                        Q_EMIT resultsReady(toTimelineLiftResult(*result));
                        Q_EMIT jobFinished(tr("LIFT on timelines finished"), true);
                        break;
                    case JobState::Cancelled: Q_EMIT jobFinished(tr("LIFT on timelines cancelled: the models are unchanged"), false); break;
                    default: Q_EMIT jobFinished(tr("LIFT on timelines failed: %1").arg(QString::fromStdString(error)), false); break;
                }
            }, Qt::QueuedConnection);
        });
}

void TimelineLiftController::attach(widgets::TimelineLiftPanel* panel, widgets::JobPanel* jobs, WorkspaceController* workspace) {
    using widgets::TimelineLiftPanel;
    connect(workspace, &WorkspaceController::modelsChanged, panel, [panel](const QVector<widgets::ModelRowData>& models) {
        QVector<widgets::ModelChoiceData> choices;
        for (const auto& m : models)
            choices.push_back({QStringLiteral("%1 · %2 tokens · %3").arg(m.architecture).arg(m.context).arg(m.path), m.path, m.context});
        panel->setModels(choices);
    });
    connect(panel, &TimelineLiftPanel::runRequested, this, [this, panel, workspace] {
        if (busy()) return;
        const auto cohort = workspace->openedCohort();
        const auto settings = panel->settings();
        if (!cohort) return panel->setMessage(tr("Open a cohort first: LIFT on timelines runs on the open cohort's patients."));
        if (settings.shortModel.isEmpty())
            return panel->setMessage(tr("No model to adapt: train or open the workspace's models first (Analysis → Run)."));
        panel->setRunning(true);
        panel->setMessage(tr("Running: each test example trains the model once, so this takes a while; Cancel stops it."));
        start(settings, cohort, workspace->device());
    });
    connect(panel, &TimelineLiftPanel::cancelRequested, this, &TimelineLiftController::cancel);
    connect(this, &TimelineLiftController::resultsReady, panel, &TimelineLiftPanel::setResults);
    connect(this, &TimelineLiftController::jobStarted, jobs, &widgets::JobPanel::start);
    connect(this, &TimelineLiftController::jobProgress, jobs, &widgets::JobPanel::update);
    connect(this, &TimelineLiftController::jobFinished, panel, [panel, jobs](const QString& message, bool succeeded) {
        panel->setRunning(false);
        if (!succeeded) panel->setMessage(message);
        jobs->finish(message);
    });
}

}  // namespace cb::app
