#include "app/gui/timeline_lift_controller.h"

#include "app/figures/timeline_lift_adapter.h"
#include "app/gui/workspace_controller.h"
#include "core/analysis/prepared_cohort.h"
#include "core/lift/timeline_lift_folders.h"
#include "core/runtime/torch_runtime.h"
#include "widgets/panels/job_panel.h"
#include "widgets/panels/timeline_lift_panel.h"


namespace cb::app {

TimelineLiftController::TimelineLiftController(QObject* parent) : BackgroundJob(parent) {
    qRegisterMetaType<widgets::TimelineLiftResultData>();
}

void TimelineLiftController::start(const widgets::TimelineLiftSettingsData& settings, std::shared_ptr<const PreparedCohort> cohort,
                                   const std::string& device) {
    const TimelineLiftFolders folders{settings.shortModel.toStdString(), settings.longModel.toStdString(), 0, {}};
    const auto config = toTimelineLiftConfig(settings);
    auto result = std::make_shared<TimelineLiftResult>();
    runJob(
        tr("LIFT on timelines (%1 patients per split)").arg(settings.patients),
        [cohort, folders, config, device, result](const JobContext& job) {
            initTorchRuntime();
            *result = runTimelineLiftFromFolders(cohort->cohort, folders, config, resolveDevice(device), job);
        },
        [this, result] { Q_EMIT resultsReady(toTimelineLiftResult(*result)); },
        {tr("LIFT on timelines finished"), tr("LIFT on timelines cancelled: the models are unchanged"), tr("LIFT on timelines failed: ")});
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
    connect(panel, &TimelineLiftPanel::cancelRequested, this, &BackgroundJob::cancel);
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
