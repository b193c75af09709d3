#pragma once

#include <QMainWindow>

namespace cb::widgets {
class AurocContextPlot;
class CohortSummaryView;
class JobPanel;
class ModelListView;
}  // namespace cb::widgets

namespace cb::app {

class WorkspaceController;

// Wires docks, actions and the controller's signals; computes nothing itself.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(WorkspaceController* controller, QWidget* parent = nullptr);

    widgets::AurocContextPlot* aurocPlot() const { return plot_; }
    widgets::CohortSummaryView* cohortView() const { return cohort_; }
    widgets::ModelListView* modelView() const { return models_; }
    widgets::JobPanel* jobPanel() const { return jobs_; }

    // Writes the current figure; an empty result means success, else the error to show.
    QString exportFigure(const QString& path, const QString& sizeId, int dpi);

private:
    void createActions();
    void exportWithDialog();
    void chooseContexts();

    WorkspaceController* controller_;
    widgets::AurocContextPlot* plot_;
    widgets::CohortSummaryView* cohort_;
    widgets::ModelListView* models_;
    widgets::JobPanel* jobs_;
};

}  // namespace cb::app
