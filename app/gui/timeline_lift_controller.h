#pragma once

#include "app/gui/background_job.h"
#include "widgets/panels/timeline_lift_data.h"

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
class TimelineLiftController : public BackgroundJob {
    Q_OBJECT
public:
    explicit TimelineLiftController(QObject* parent = nullptr);

    void start(const widgets::TimelineLiftSettingsData& settings, std::shared_ptr<const PreparedCohort> cohort,
               const std::string& device);

    // The panel follows the workspace's models and runs on its open cohort; progress goes to `jobs`.
    void attach(widgets::TimelineLiftPanel* panel, widgets::JobPanel* jobs, WorkspaceController* workspace);

Q_SIGNALS:
    void resultsReady(const cb::widgets::TimelineLiftResultData& results);
};

}  // namespace cb::app

Q_DECLARE_METATYPE(cb::widgets::TimelineLiftResultData)
