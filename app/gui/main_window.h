#pragma once

#include "app/gui/app_settings.h"

#include <QMainWindow>

namespace cb::widgets {
class AurocContextPlot;
class CohortSummaryView;
class ComparisonPanel;
class CurvePanel;
class FigureView;
class ResultsBrowser;
class JobPanel;
class AttentionBenchPanel;
class LiftPanel;
class TimelineLiftPanel;
class ModelInfoPanel;
class ModelListView;
class PatientTableView;
class StrataPanel;
}  // namespace cb::widgets

class QTabWidget;
class QCloseEvent;
class QDragEnterEvent;
class QMenu;
class QAction;
class QDropEvent;
class QCustomPlot;

namespace cb::app {

class AttentionBenchController;
class LiftController;
class TimelineLiftController;
class ResultsController;
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
    widgets::PatientTableView* patientView() const { return patients_; }
    widgets::ModelInfoPanel* modelInfo() const { return modelInfo_; }
    // A dropped folder: a HF model (config.json) opens as the model, anything else as a cohort.
    void openDroppedPath(const QString& path);
    widgets::StrataPanel* strataPanel() const { return strata_; }
    widgets::LiftPanel* liftPanel() const { return lift_; }
    LiftController* liftController() const { return liftController_; }
    widgets::AttentionBenchPanel* attentionBenchPanel() const { return attention_; }
    widgets::TimelineLiftPanel* timelineLiftPanel() const { return timelineLift_; }
    QTabWidget* figureTabs() const { return tabs_; }
    widgets::ResultsBrowser* resultsBrowser() const { return browser_; }
    widgets::CurvePanel* overlayPanel() const { return overlay_; }
    widgets::CurvePanel* perplexityPanel() const { return perplexity_; }
    widgets::ComparisonPanel* comparisonPanel() const { return comparison_; }
    ResultsController* resultsController() const { return results_; }
    // Every tab that holds a figure, in tab order.
    QVector<const widgets::FigureView*> figureViews() const;
    // Writes every figure view into `folder` (PNG, PDF, SVG and CSV); returns an error text, empty on success.
    QString exportAllFigures(const QString& folder, const QString& sizeId, int dpi);
    void showPatients();  // raises the patient table over the job panel
    // Brings a view to the front by its launch name (auroc, strata, perplexity, overlay, comparison,
    // results, lift, lift-ehr, attention, patients); false for an unknown name.
    bool showView(const QString& name);
    QString currentViewName() const;
    // The settings this window was built with and keeps up to date; written when it closes.
    const AppSettings& settings() const { return settings_; }
    AppSettings currentSettings() const;  // settings_ with the window's present layout and session

    // Writes the figure of the current tab; an empty result means success, else the error to show.
    QString exportFigure(const QString& path, const QString& sizeId, int dpi);

private:
    void createActions();
    void exportWithDialog();
    void exportSweepWithDialog();
    void chooseCompute();
    void chooseAttention();
    void chooseContexts();
    void openMedsFolder();
    void openCsvCohort();
    void newSyntheticCohort();
    void openModelFolder();
    void closeEvent(QCloseEvent* event) override;
    void applyViewSettings();
    void chooseTheme(const QString& theme);
    void fillRecentMenu(QMenu* menu, bool models);
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    const widgets::FigureView* currentFigure() const;
    void copyFigure();
    void exportAllWithDialog();
    // Re-running deletes the runs and evaluates their context lengths again with the current settings.
    void rerunRuns(const QVector<qint64>& ids);
    // Tells the user and returns true while a job runs.
    bool refuseWhileBusy(const QString& title);

    WorkspaceController* controller_;
    AppSettings settings_;
    QAction* taskLines_ = nullptr;
    widgets::AurocContextPlot* plot_;
    widgets::CohortSummaryView* cohort_;
    widgets::ModelListView* models_;
    widgets::JobPanel* jobs_;
    widgets::PatientTableView* patients_;
    widgets::ModelInfoPanel* modelInfo_;
    widgets::StrataPanel* strata_;
    widgets::LiftPanel* lift_;
    LiftController* liftController_;
    widgets::TimelineLiftPanel* timelineLift_;
    TimelineLiftController* timelineLiftController_;
    widgets::AttentionBenchPanel* attention_;
    AttentionBenchController* attentionController_;
    widgets::ResultsBrowser* browser_;
    widgets::CurvePanel* overlay_;
    widgets::CurvePanel* perplexity_;
    widgets::ComparisonPanel* comparison_;
    ResultsController* results_;
    QTabWidget* tabs_;
};

}  // namespace cb::app
