#pragma once

#include "core/jobs/job_runner.h"
#include "widgets/panels/timeline_lift_data.h"

#include <QObject>

#include <memory>
#include <string>

namespace cb {
struct PreparedCohort;
}

namespace cb::widgets {
class JobPanel;
class TimelineLiftPanel;
}  // namespace cb::widgets

namespace cb::app {

class WorkspaceController;

// Runs LIFT on patient timelines for the open cohort off the GUI thread, with progress and cancel.
class TimelineLiftController : public QObject {
    Q_OBJECT
public:
    explicit TimelineLiftController(QObject* parent = nullptr);
    ~TimelineLiftController() override;

    void start(const widgets::TimelineLiftSettingsData& settings, std::shared_ptr<const PreparedCohort> cohort,
               const std::string& device);
    void cancel() { runner_.cancel(); }
    bool busy() const { return runner_.state() == JobState::Running; }

    // The panel follows the workspace's models and runs on its open cohort; progress goes to `jobs`.
    void attach(widgets::TimelineLiftPanel* panel, widgets::JobPanel* jobs, WorkspaceController* workspace);

Q_SIGNALS:
    void resultsReady(const cb::widgets::TimelineLiftResultData& results);
    void jobStarted(const QString& title);
    void jobProgress(double fraction, const QString& stage, const QString& detail);
    void jobFinished(const QString& message, bool succeeded);

private:
    JobRunner runner_;
};

}  // namespace cb::app

Q_DECLARE_METATYPE(cb::widgets::TimelineLiftResultData)
