#pragma once

#include <QString>

#include <functional>

class QStatusBar;

namespace cb::widgets {
class JobPanel;
class LiftPanel;
}  // namespace cb::widgets

namespace cb::app {

class LiftController;

// Connects the LIFT panel to its controller: token counts as the text changes, runs, the loss curve,
// the answers, saving, the demo, dropped files; progress goes to the shared job panel.
void wireLiftPanel(widgets::LiftPanel* panel, LiftController* controller, widgets::JobPanel* jobs, QStatusBar* status,
                   std::function<QString()> workspace);

}  // namespace cb::app
