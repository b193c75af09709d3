#pragma once

#include "core/analysis/demo.h"
#include "core/analysis/prepared_cohort.h"
#include "core/jobs/job_runner.h"
#include "widgets/panels/panel_data.h"
#include "widgets/plots/figure_data.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace cb::app {

// Owns the open workspace and runs its jobs on the core job runner, off the GUI thread. Results
// come back as signals carrying widget data; the window only wires them to views.
class WorkspaceController : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceController(QObject* parent = nullptr);
    ~WorkspaceController() override;

    // Generates the demo cohort, shows what the cache holds, then evaluates what is missing
    // (unless `evaluate` is false).
    void openDemo(const DemoSettings& settings, const QString& workspace, bool evaluate);
    // Evaluates the open cohort at the given context lengths.
    void evaluateContexts(const std::vector<int>& contexts);
    void cancel();
    bool busy() const;

    const DemoSettings& settings() const { return settings_; }
    QString workspace() const { return workspace_; }
    std::vector<int> contexts() const { return settings_.contexts; }

Q_SIGNALS:
    void jobStarted(const QString& title);
    void jobProgress(double fraction, const QString& stage, const QString& detail);
    void jobFinished(const QString& message, bool succeeded);
    void cohortReady(const cb::widgets::CohortPanelData& cohort);
    void modelsChanged(const QVector<cb::widgets::ModelRowData>& models);
    void figureChanged(const cb::widgets::AurocFigureData& figure);
    void notice(const QString& message);

private:
    void startJob(const QString& title, JobRunner::Work work);
    void publishPoint(const ContextPoint& point);
    void publishModels();
    // Posts `fn` to the GUI thread; dropped if the controller is gone by then.
    void onGuiThread(std::function<void()> fn);

    DemoSettings settings_;
    QString workspace_;
    std::shared_ptr<const PreparedCohort> cohort_;
    std::vector<ContextPoint> points_;
    JobRunner runner_;
};

}  // namespace cb::app
