#include "app/gui/main_window.h"

#include "app/gui/context_dialog.h"
#include "app/gui/workspace_controller.h"
#include "widgets/export/export_dialog.h"
#include "widgets/export/plot_exporter.h"
#include "widgets/panels/cohort_summary_view.h"
#include "widgets/panels/job_panel.h"
#include "widgets/panels/model_list_view.h"
#include "widgets/plots/auroc_context_plot.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace cb::app {

MainWindow::MainWindow(WorkspaceController* controller, QWidget* parent)
    : QMainWindow(parent),
      controller_(controller),
      plot_(new widgets::AurocContextPlot(this)),
      cohort_(new widgets::CohortSummaryView(this)),
      models_(new widgets::ModelListView(this)),
      jobs_(new widgets::JobPanel(this)) {
    setWindowTitle(tr("ContextBench"));
    setCentralWidget(plot_);

    auto dock = [this](const QString& title, QWidget* content, Qt::DockWidgetArea area, const QString& name) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(content);
        addDockWidget(area, d);
        return d;
    };
    dock(tr("Cohort"), cohort_, Qt::LeftDockWidgetArea, QStringLiteral("cohortDock"));
    dock(tr("Models"), models_, Qt::LeftDockWidgetArea, QStringLiteral("modelsDock"));
    dock(tr("Jobs"), jobs_, Qt::BottomDockWidgetArea, QStringLiteral("jobsDock"));
    createActions();

    connect(controller_, &WorkspaceController::cohortReady, cohort_, &widgets::CohortSummaryView::setSummary);
    connect(controller_, &WorkspaceController::modelsChanged, models_, &widgets::ModelListView::setModels);
    connect(controller_, &WorkspaceController::figureChanged, plot_, &widgets::AurocContextPlot::setFigure);
    connect(controller_, &WorkspaceController::jobStarted, jobs_, &widgets::JobPanel::start);
    connect(controller_, &WorkspaceController::jobProgress, jobs_, &widgets::JobPanel::update);
    connect(controller_, &WorkspaceController::jobFinished, this, [this](const QString& message, bool) {
        jobs_->finish(message);
        statusBar()->showMessage(message, 8000);
    });
    connect(jobs_, &widgets::JobPanel::cancelRequested, controller_, &WorkspaceController::cancel);
    connect(controller_, &WorkspaceController::notice, this, [this](const QString& message) {
        statusBar()->showMessage(message, 15000);
    });
    resize(1280, 800);
}

void MainWindow::createActions() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* exportAction = file->addAction(tr("&Export figure…"), this, &MainWindow::exportWithDialog);
    exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    auto* analysis = menuBar()->addMenu(tr("&Analysis"));
    auto* evaluate = analysis->addAction(tr("Evaluate across &context lengths…"), this, &MainWindow::chooseContexts);
    evaluate->setShortcut(QKeySequence(tr("Ctrl+R")));
    auto* cancel = analysis->addAction(tr("&Cancel job"), controller_, &WorkspaceController::cancel);
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));

    auto* view = menuBar()->addMenu(tr("&View"));
    auto* tasks = view->addAction(tr("Per-task &lines"));
    tasks->setCheckable(true);
    tasks->setChecked(true);
    tasks->setShortcut(QKeySequence(tr("Ctrl+T")));
    connect(tasks, &QAction::toggled, plot_, &widgets::AurocContextPlot::setTaskLinesVisible);
}

QString MainWindow::exportFigure(const QString& path, const QString& sizeId, int dpi) {
    widgets::ExportSpec spec;
    if (const auto* size = widgets::findReportSize(sizeId)) spec.inches = size->inches;
    spec.dpi = dpi;
    return widgets::exportPlot(plot_->plot(), path, spec);
}

void MainWindow::exportWithDialog() {
    widgets::ExportDialog dialog(QDir::home().filePath(QStringLiteral("auroc_vs_context.pdf")), this);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString error = widgets::exportPlot(plot_->plot(), dialog.path(), dialog.spec());
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export figure"), error);
    else
        statusBar()->showMessage(tr("Wrote %1").arg(dialog.path()), 8000);
}

void MainWindow::chooseContexts() {
    if (controller_->busy()) {
        QMessageBox::information(this, tr("Evaluate"), tr("A job is running; cancel it or wait for it to finish."));
        return;
    }
    ContextDialog dialog(controller_->contexts(), this);
    if (dialog.exec() == QDialog::Accepted) controller_->evaluateContexts(dialog.contexts());
}

}  // namespace cb::app
