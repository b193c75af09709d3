#include "app/gui/main_window.h"

#include "app/gui/attention_dialog.h"
#include "app/gui/compute_dialog.h"
#include "app/gui/context_dialog.h"
#include "app/gui/lift_controller.h"
#include "app/gui/lift_wiring.h"
#include "app/gui/synthetic_cohort_dialog.h"
#include "app/gui/workspace_controller.h"
#include "core/runtime/torch_runtime.h"
#include "widgets/export/export_dialog.h"
#include "widgets/export/plot_exporter.h"
#include "widgets/panels/cohort_summary_view.h"
#include "widgets/panels/job_panel.h"
#include "widgets/panels/lift_panel.h"
#include "widgets/panels/model_info_panel.h"
#include "widgets/panels/model_list_view.h"
#include "widgets/panels/patient_table_view.h"
#include "widgets/panels/strata_panel.h"
#include "widgets/plots/qcustomplot.h"
#include "widgets/plots/strata_plot.h"
#include "widgets/plots/auroc_context_plot.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QFileDialog>
#include <QFileInfo>
#include <QTabWidget>
#include <QTimer>
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
      jobs_(new widgets::JobPanel(this)),
      patients_(new widgets::PatientTableView(this)),
      modelInfo_(new widgets::ModelInfoPanel(this)),
      strata_(new widgets::StrataPanel(this)),
      lift_(new widgets::LiftPanel(this)),
      liftController_(new LiftController(this)),
      tabs_(new QTabWidget(this)) {
    setWindowTitle(tr("ContextBench"));
    tabs_->addTab(plot_, tr("AUROC vs context"));
    tabs_->addTab(strata_, tr("Stratification"));
    tabs_->addTab(lift_, tr("LIFT"));
    setCentralWidget(tabs_);

    auto dock = [this](const QString& title, QWidget* content, Qt::DockWidgetArea area, const QString& name) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(content);
        addDockWidget(area, d);
        return d;
    };
    dock(tr("Cohort"), cohort_, Qt::LeftDockWidgetArea, QStringLiteral("cohortDock"));
    auto* modelsDock = dock(tr("Models"), models_, Qt::LeftDockWidgetArea, QStringLiteral("modelsDock"));
    auto* modelDock = dock(tr("Opened model"), modelInfo_, Qt::LeftDockWidgetArea, QStringLiteral("modelInfoDock"));
    tabifyDockWidget(modelsDock, modelDock);
    modelsDock->raise();
    setAcceptDrops(true);
    auto* jobsDock = dock(tr("Jobs"), jobs_, Qt::BottomDockWidgetArea, QStringLiteral("jobsDock"));
    auto* patientsDock = dock(tr("Patients"), patients_, Qt::BottomDockWidgetArea, QStringLiteral("patientsDock"));
    tabifyDockWidget(jobsDock, patientsDock);
    jobsDock->raise();
    // The figure keeps most of the height. Dock sizes only apply once the window is laid out.
    QTimer::singleShot(0, this, [this, jobsDock] { resizeDocks({jobsDock}, {190}, Qt::Vertical); });
    createActions();

    connect(controller_, &WorkspaceController::cohortReady, cohort_, &widgets::CohortSummaryView::setSummary);
    connect(controller_, &WorkspaceController::modelsChanged, models_, &widgets::ModelListView::setModels);
    connect(controller_, &WorkspaceController::figureChanged, plot_, &widgets::AurocContextPlot::setFigure);
    connect(controller_, &WorkspaceController::patientsReady, patients_, &widgets::PatientTableView::setPatients);
    connect(controller_, &WorkspaceController::modelOpened, this, [this, modelDock](const widgets::ModelInfoData& info) {
        modelInfo_->setInfo(info);
        modelDock->raise();
    });
    connect(controller_, &WorkspaceController::strataChanged, strata_, &widgets::StrataPanel::setFigure);
    connect(controller_, &WorkspaceController::strataUnavailable, strata_, &widgets::StrataPanel::setMessage);
    connect(strata_, &widgets::StrataPanel::metricChanged, controller_, &WorkspaceController::setStrataMetric);
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
    wireLiftPanel(lift_, liftController_, jobs_, statusBar(), [this] { return controller_->workspace(); });
    resize(1280, 860);
}

void MainWindow::createActions() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open MEDS dataset…"), QKeySequence::Open, this, &MainWindow::openMedsFolder);
    file->addAction(tr("Open EHRSHOT/FEMR &CSV…"), QKeySequence(tr("Ctrl+Shift+O")), this, &MainWindow::openCsvCohort);
    file->addAction(tr("&New synthetic cohort…"), QKeySequence::New, this, &MainWindow::newSyntheticCohort);
    file->addAction(tr("Open &model…"), QKeySequence(tr("Ctrl+M")), this, &MainWindow::openModelFolder);
    file->addSeparator();
    auto* exportAction = file->addAction(tr("&Export figure…"), this, &MainWindow::exportWithDialog);
    exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    file->addAction(tr("Export &sweep for a cluster…"), this, &MainWindow::exportSweepWithDialog);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    auto* analysis = menuBar()->addMenu(tr("&Analysis"));
    auto* evaluate = analysis->addAction(tr("Evaluate across &context lengths…"), this, &MainWindow::chooseContexts);
    evaluate->setShortcut(QKeySequence(tr("Ctrl+R")));
    analysis->addAction(tr("Evaluate the opened &model across context lengths…"), this, [this] {
        if (refuseWhileBusy(tr("Evaluate model"))) return;
        if (!controller_->hasOpenedModel()) {
            QMessageBox::information(this, tr("Evaluate model"), tr("Open a model folder first (File → Open model…)."));
            return;
        }
        ContextDialog dialog(controller_->contexts(), this);
        if (dialog.exec() == QDialog::Accepted) controller_->evaluateOpenedModel(dialog.contexts());
    });
    analysis->addAction(tr("&Attention (full, CCA, adapt to CCA)…"), this, &MainWindow::chooseAttention);
    analysis->addAction(tr("&Device and precision…"), this, &MainWindow::chooseCompute);
    auto* cancel = analysis->addAction(tr("&Cancel job"), controller_, &WorkspaceController::cancel);
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));

    auto* view = menuBar()->addMenu(tr("&View"));
    auto* tasks = view->addAction(tr("Per-task &lines"));
    tasks->setCheckable(true);
    tasks->setChecked(true);
    tasks->setShortcut(QKeySequence(tr("Ctrl+T")));
    connect(tasks, &QAction::toggled, plot_, &widgets::AurocContextPlot::setTaskLinesVisible);
}

void MainWindow::showPatients() {
    if (auto* d = findChild<QDockWidget*>(QStringLiteral("patientsDock"))) d->raise();
}

QCustomPlot* MainWindow::currentPlot() const {
    return tabs_->currentWidget() == strata_ ? strata_->plot()->plot() : plot_->plot();
}

QString MainWindow::exportFigure(const QString& path, const QString& sizeId, int dpi) {
    widgets::ExportSpec spec;
    if (const auto* size = widgets::findReportSize(sizeId)) spec.inches = size->inches;
    spec.dpi = dpi;
    return widgets::exportPlot(currentPlot(), path, spec);
}

void MainWindow::exportWithDialog() {
    const QString name = tabs_->currentWidget() == strata_ ? QStringLiteral("brier_by_%1.pdf").arg(strata_->metric())
                                                           : QStringLiteral("auroc_vs_context.pdf");
    widgets::ExportDialog dialog(QDir::home().filePath(name), this);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString error = widgets::exportPlot(currentPlot(), dialog.path(), dialog.spec());
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export figure"), error);
    else
        statusBar()->showMessage(tr("Wrote %1").arg(dialog.path()), 8000);
}

void MainWindow::chooseContexts() {
    if (refuseWhileBusy(tr("Evaluate"))) return;
    ContextDialog dialog(controller_->contexts(), this);
    if (dialog.exec() == QDialog::Accepted) controller_->evaluateContexts(dialog.contexts());
}

bool MainWindow::refuseWhileBusy(const QString& title) {
    if (!controller_->busy()) return false;
    QMessageBox::information(this, title, tr("A job is running; cancel it or wait for it to finish."));
    return true;
}

void MainWindow::openMedsFolder() {
    if (refuseWhileBusy(tr("Open MEDS dataset"))) return;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a MEDS dataset folder (it holds data/)"));
    if (!folder.isEmpty()) controller_->openCohort(folder, {});
}

void MainWindow::openCsvCohort() {
    if (refuseWhileBusy(tr("Open CSV cohort"))) return;
    const QString file = QFileDialog::getOpenFileName(this, tr("Open an EHRSHOT / FEMR simple CSV"), QString(),
                                                      tr("CSV files (*.csv)"));
    if (file.isEmpty()) return;
    CohortSourceOptions options;
    // EHRSHOT ships its splits and labels beside the events; use them when they are there.
    const QDir dir = QFileInfo(file).dir();
    for (const QString& candidate : {QStringLiteral("splits/person_id_map.csv"), QStringLiteral("../splits/person_id_map.csv")})
        if (dir.exists(candidate)) options.splits = dir.filePath(candidate).toStdString();
    for (const QString& candidate : {QStringLiteral("benchmark"), QStringLiteral("../benchmark")})
        if (dir.exists(candidate)) options.labels = dir.filePath(candidate).toStdString();
    controller_->openCohort(file, options);
}

void MainWindow::newSyntheticCohort() {
    if (refuseWhileBusy(tr("New synthetic cohort"))) return;
    SyntheticCohortDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted) controller_->openCohort(dialog.spec(), {});
}

void MainWindow::openModelFolder() {
    if (refuseWhileBusy(tr("Open model"))) return;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a HF model folder (config.json + model.safetensors)"));
    if (!folder.isEmpty()) controller_->openModel(folder);
}

void MainWindow::openDroppedPath(const QString& path) {
    if (refuseWhileBusy(tr("Open"))) return;
    if (QFileInfo(QDir(path).filePath(QStringLiteral("config.json"))).exists())
        controller_->openModel(path);
    else
        controller_->openCohort(path, {});
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) return;
    openDroppedPath(urls.first().toLocalFile());
    event->acceptProposedAction();
}

void MainWindow::exportSweepWithDialog() {
    const auto path = QFileDialog::getSaveFileName(this, tr("Export sweep for a cluster"), controller_->workspace() + QStringLiteral("/sweep.json"),
                                                   tr("Sweep file (*.json)"));
    if (path.isEmpty()) return;
    const auto problem = controller_->exportSweep(path);
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, tr("Export sweep"), problem);
        return;
    }
    statusBar()->showMessage(tr("Wrote %1: run it with 'contextbench-cli sweep --config %1', alone or under torchrun").arg(path), 15000);
}

void MainWindow::chooseAttention() {
    if (refuseWhileBusy(tr("Attention"))) return;
    AttentionDialog dialog(controller_->settings().attention, this);
    if (dialog.exec() == QDialog::Accepted) controller_->setAttention(dialog.attention());
}

void MainWindow::chooseCompute() {
    ComputeDialog dialog({controller_->settings().device, controller_->settings().precision}, runtimeInfo().cudaDevices, this);
    if (dialog.exec() != QDialog::Accepted) return;
    const auto chosen = dialog.preferences();
    chosen.save();
    controller_->setCompute(chosen.device, chosen.precision);
}

}  // namespace cb::app
