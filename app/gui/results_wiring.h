#pragma once

class QStatusBar;
class QTabWidget;

namespace cb::widgets {
class ComparisonPanel;
class CurvePanel;
class ResultsBrowser;
}  // namespace cb::widgets

namespace cb::app {

class ResultsController;

struct ResultsViews {
    widgets::ResultsBrowser* browser = nullptr;
    widgets::CurvePanel* overlay = nullptr;
    widgets::CurvePanel* perplexity = nullptr;
    widgets::ComparisonPanel* comparison = nullptr;
};

// Connects the results browser and the views it feeds to the controller that reads the store; a
// finished overlay or comparison brings its tab to the front.
void wireResults(const ResultsViews& views, ResultsController* controller, QTabWidget* tabs, QStatusBar* status);

}  // namespace cb::app
