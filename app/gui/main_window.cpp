#include "app/gui/main_window.h"

#include "app/gui/attention_dialog.h"
#include "app/gui/compute_dialog.h"
#include "app/gui/context_dialog.h"
#include "app/gui/attention_bench_controller.h"
#include "app/gui/lift_controller.h"
#include "app/gui/timeline_lift_controller.h"
#include "app/gui/lift_wiring.h"
#include "app/gui/results_controller.h"
#include "app/gui/results_wiring.h"
#include "app/gui/synthetic_cohort_dialog.h"
#include "app/gui/theme.h"
#include "app/gui/workspace_controller.h"
#include "core/runtime/torch_runtime.h"
#include "widgets/export/export_dialog.h"
#include "widgets/export/figure_export.h"
#include "widgets/panels/comparison_panel.h"
#include "widgets/panels/curve_panel.h"
#include "widgets/panels/results_browser.h"
#include "widgets/panels/run_table_model.h"
#include "widgets/panels/cohort_summary_view.h"
#include "widgets/panels/job_panel.h"
#include "widgets/panels/attention_bench_panel.h"
#include "widgets/panels/lift_panel.h"
#include "widgets/panels/timeline_lift_panel.h"
#include "widgets/panels/model_info_panel.h"
#include "widgets/panels/model_list_view.h"
#include "widgets/panels/patient_table_view.h"
#include "widgets/panels/strata_panel.h"
#include "widgets/plots/qcustomplot.h"
#include "widgets/plots/strata_plot.h"
#include "widgets/plots/auroc_context_plot.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QCheckBox>
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
#include <QMap>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace cb::app {

MainWindow::MainWindow(WorkspaceController* controller, QWidget* parent)
    : QMainWindow(parent),
      controller_(controller),
      settings_(AppSettings::load()),
      plot_(new widgets::AurocContextPlot(this)),
      cohort_(new widgets::CohortSummaryView(this)),
      models_(new widgets::ModelListView(this)),
      jobs_(new widgets::JobPanel(this)),
      patients_(new widgets::PatientTableView(this)),
      modelInfo_(new widgets::ModelInfoPanel(this)),
      strata_(new widgets::StrataPanel(this)),
      lift_(new widgets::LiftPanel(this)),
      liftController_(new LiftController(this)),
      timelineLift_(new widgets::TimelineLiftPanel(this)),
      timelineLiftController_(new TimelineLiftController(this)),
      attention_(new widgets::AttentionBenchPanel(this)),
      attentionController_(new AttentionBenchController(this)),
      browser_(new widgets::ResultsBrowser(this)),
      overlay_(new widgets::CurvePanel(QStringLiteral("overlay"), this)),
      perplexity_(new widgets::CurvePanel(QStringLiteral("perplexity_by_position"), this)),
      comparison_(new widgets::ComparisonPanel(this)),
      results_(new ResultsController(this)),
      tabs_(new QTabWidget(this)) {
    setWindowTitle(tr("ContextBench"));
    tabs_->addTab(plot_, tr("AUROC vs context"));
    tabs_->addTab(strata_, tr("Stratification"));
    tabs_->addTab(perplexity_, tr("Perplexity"));
    tabs_->addTab(overlay_, tr("Overlay"));
    tabs_->addTab(comparison_, tr("Comparison"));
    tabs_->addTab(browser_, tr("Results"));
    tabs_->addTab(lift_, tr("LIFT"));
    tabs_->addTab(timelineLift_, tr("LIFT on timelines"));
    tabs_->addTab(attention_, tr("Attention benchmark"));
    overlay_->setMessage(tr("Select runs in the Results tab and press Overlay to draw them together."));
    perplexity_->setMessage(tr("Analysis → Per-position perplexity computes the curve of the longest-context model."));
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
    // (A layout restored from the last session keeps its own sizes.)
    if (settings_.windowState.isEmpty())
        QTimer::singleShot(0, this, [this, jobsDock] { resizeDocks({jobsDock}, {140}, Qt::Vertical); });
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
    liftController_->setDeviceSetting([this] { return controller_->device(); });
    attentionController_->attach(attention_, jobs_);
    timelineLiftController_->attach(timelineLift_, jobs_, controller_);
    wireResults({browser_, overlay_, perplexity_, comparison_}, results_, tabs_, statusBar());
    connect(browser_, &widgets::ResultsBrowser::rerunRequested, this, &MainWindow::rerunRuns);
    // The browser follows the workspace: what an opened cohort or a finished job put in its store.
    auto browseWorkspace = [this] {
        if (controller_->workspace().isEmpty()) return;
        const QString db = controller_->workspace() + QStringLiteral("/results.sqlite");
        if (db != results_->database()) {
            results_->setDatabase(db);
            results_->showPerplexity();
        } else {
            results_->refresh();
        }
    };
    connect(controller_, &WorkspaceController::cohortReady, this, browseWorkspace);
    connect(controller_, &WorkspaceController::jobFinished, this, browseWorkspace);
    connect(controller_, &WorkspaceController::perplexityStored, this, [this] {
        results_->showPerplexity();
        tabs_->setCurrentWidget(perplexity_);
    });
    connect(controller_, &WorkspaceController::cohortReady, this, [this] {
        AppSettings::remember(settings_.recentCohorts, controller_->openedCohortSpec());
    });
    connect(controller_, &WorkspaceController::modelOpened, this, [this] {
        AppSettings::remember(settings_.recentModels, controller_->openedModelFolder());
    });
    applyViewSettings();
    resize(1280, 860);
}

void MainWindow::createActions() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open MEDS dataset…"), QKeySequence::Open, this, &MainWindow::openMedsFolder);
    file->addAction(tr("Open EHRSHOT/FEMR &CSV…"), QKeySequence(tr("Ctrl+Shift+O")), this, &MainWindow::openCsvCohort);
    file->addAction(tr("&New synthetic cohort…"), QKeySequence::New, this, &MainWindow::newSyntheticCohort);
    file->addAction(tr("Open &model…"), QKeySequence(tr("Ctrl+M")), this, &MainWindow::openModelFolder);
    auto* recentCohorts = file->addMenu(tr("Recent &cohorts"));
    connect(recentCohorts, &QMenu::aboutToShow, this, [this, recentCohorts] { fillRecentMenu(recentCohorts, false); });
    auto* recentModels = file->addMenu(tr("Recent mo&dels"));
    connect(recentModels, &QMenu::aboutToShow, this, [this, recentModels] { fillRecentMenu(recentModels, true); });
    file->addSeparator();
    auto* exportAction = file->addAction(tr("&Export figure…"), this, &MainWindow::exportWithDialog);
    exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    file->addAction(tr("Export &all figures…"), QKeySequence(tr("Ctrl+Shift+E")), this, &MainWindow::exportAllWithDialog);
    file->addAction(tr("Cop&y figure"), QKeySequence(tr("Ctrl+Shift+C")), this, &MainWindow::copyFigure);
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
    analysis->addAction(tr("Per-position &perplexity of the longest-context model"), QKeySequence(tr("Ctrl+P")), this, [this] {
        if (refuseWhileBusy(tr("Per-position perplexity"))) return;
        controller_->computePerplexity();
    });
    analysis->addAction(tr("&Attention (full, CCA, adapt to CCA)…"), this, &MainWindow::chooseAttention);
    analysis->addAction(tr("&Device and precision…"), this, &MainWindow::chooseCompute);
    auto* cancel = analysis->addAction(tr("&Cancel job"), controller_, &WorkspaceController::cancel);
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));

    auto* view = menuBar()->addMenu(tr("&View"));
    taskLines_ = view->addAction(tr("Per-task &lines"));
    taskLines_->setCheckable(true);
    taskLines_->setChecked(true);
    taskLines_->setShortcut(QKeySequence(tr("Ctrl+T")));
    connect(taskLines_, &QAction::toggled, plot_, &widgets::AurocContextPlot::setTaskLinesVisible);
    view->addSeparator();
    // Alt+1..9 bring the views to the front in tab order.
    for (int i = 0; i < tabs_->count(); ++i) {
        auto* go = view->addAction(tabs_->tabText(i), this, [this, i] { tabs_->setCurrentIndex(i); });
        go->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }
    view->addSeparator();
    auto* theme = view->addMenu(tr("&Theme"));
    auto* themes = new QActionGroup(this);
    for (const auto& [id, label] : {std::pair{QStringLiteral("system"), tr("Follow the &system")},
                                    std::pair{QStringLiteral("light"), tr("&Light")}, std::pair{QStringLiteral("dark"), tr("&Dark")}}) {
        auto* action = theme->addAction(label, this, [this, id = id] { chooseTheme(id); });
        action->setCheckable(true);
        action->setChecked(settings_.theme == id);
        action->setData(id);
        themes->addAction(action);
    }
}

void MainWindow::showPatients() {
    if (auto* d = findChild<QDockWidget*>(QStringLiteral("patientsDock"))) d->raise();
}

void MainWindow::applyViewSettings() {
    const auto& v = settings_.view;
    taskLines_->setChecked(v.taskLines);
    strata_->setMetric(v.strataMetric);
    overlay_->logXBox()->setChecked(v.overlayLogX);
    perplexity_->logXBox()->setChecked(v.perplexityLogX);
    showView(v.tab);
    if (!settings_.geometry.isEmpty()) restoreGeometry(settings_.geometry);
    if (!settings_.windowState.isEmpty()) restoreState(settings_.windowState);
}

QString MainWindow::currentViewName() const {
    const QMap<QWidget*, QString> names = {{plot_, QStringLiteral("auroc")},          {strata_, QStringLiteral("strata")},
                                           {perplexity_, QStringLiteral("perplexity")}, {overlay_, QStringLiteral("overlay")},
                                           {comparison_, QStringLiteral("comparison")}, {browser_, QStringLiteral("results")},
                                           {lift_, QStringLiteral("lift")},                {attention_, QStringLiteral("attention")},
                                           {timelineLift_, QStringLiteral("lift-ehr")}};
    return names.value(tabs_->currentWidget(), QStringLiteral("auroc"));
}

AppSettings MainWindow::currentSettings() const {
    AppSettings s = settings_;
    s.view.tab = currentViewName();
    s.view.taskLines = taskLines_->isChecked();
    s.view.strataMetric = strata_->metric();
    s.view.overlayLogX = overlay_->logXBox()->isChecked();
    s.view.perplexityLogX = perplexity_->logXBox()->isChecked();
    s.session.workspace = controller_->workspace();
    s.session.cohortSpec = controller_->openedCohortSpec();
    s.session.modelFolder = controller_->openedModelFolder();
    s.geometry = saveGeometry();
    s.windowState = saveState();
    return s;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    currentSettings().save();
    QMainWindow::closeEvent(event);
}

void MainWindow::chooseTheme(const QString& theme) {
    settings_.theme = theme;
    applyTheme(*qApp, theme);
}

void MainWindow::fillRecentMenu(QMenu* menu, bool models) {
    menu->clear();
    const QStringList& items = models ? settings_.recentModels : settings_.recentCohorts;
    for (const auto& item : items)
        menu->addAction(item, this, [this, item, models] {
            if (refuseWhileBusy(models ? tr("Open model") : tr("Open cohort"))) return;
            if (models) controller_->openModel(item);
            else controller_->openCohort(item, {});
        });
    if (items.isEmpty()) menu->addAction(tr("(none yet)"))->setEnabled(false);
}

bool MainWindow::showView(const QString& name) {
    if (name == QStringLiteral("patients")) {
        showPatients();
        return true;
    }
    const QMap<QString, QWidget*> views = {{QStringLiteral("auroc"), plot_},          {QStringLiteral("strata"), strata_},
                                           {QStringLiteral("perplexity"), perplexity_}, {QStringLiteral("overlay"), overlay_},
                                           {QStringLiteral("comparison"), comparison_}, {QStringLiteral("results"), browser_},
                                           {QStringLiteral("lift"), lift_},                {QStringLiteral("attention"), attention_},
                                           {QStringLiteral("lift-ehr"), timelineLift_}};
    auto* view = views.value(name, nullptr);
    if (view) tabs_->setCurrentWidget(view);
    return view != nullptr;
}

QVector<const widgets::FigureView*> MainWindow::figureViews() const {
    QVector<const widgets::FigureView*> views;
    for (int i = 0; i < tabs_->count(); ++i)
        if (const auto* view = dynamic_cast<const widgets::FigureView*>(tabs_->widget(i))) views.push_back(view);
    return views;
}

const widgets::FigureView* MainWindow::currentFigure() const {
    // Tabs without a figure (results, LIFT) export the AUROC figure.
    const auto* view = dynamic_cast<const widgets::FigureView*>(tabs_->currentWidget());
    return view ? view : plot_;
}

namespace {

widgets::ExportSpec specOf(const QString& sizeId, int dpi) {
    widgets::ExportSpec spec;
    if (const auto* size = widgets::findReportSize(sizeId)) spec.inches = size->inches;
    spec.dpi = dpi;
    return spec;
}

}  // namespace

QString MainWindow::exportFigure(const QString& path, const QString& sizeId, int dpi) {
    return widgets::exportFigureView(*currentFigure(), path, specOf(sizeId, dpi));
}

QString MainWindow::exportAllFigures(const QString& folder, const QString& sizeId, int dpi) {
    QStringList errors;
    const auto written = widgets::exportAllFigures(figureViews(), folder, {"png", "pdf", "svg", "csv"}, specOf(sizeId, dpi), &errors);
    if (!errors.isEmpty()) return errors.join('\n');
    statusBar()->showMessage(tr("Wrote %1 files to %2").arg(written.size()).arg(folder), 8000);
    return {};
}

void MainWindow::exportAllWithDialog() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export every figure (PNG, PDF, SVG and CSV) to a folder"));
    if (folder.isEmpty()) return;
    const QString error = exportAllFigures(folder, QStringLiteral("double"), 300);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export all figures"), error);
}

void MainWindow::copyFigure() {
    const QString error = widgets::copyFigureToClipboard(*currentFigure(), specOf(QStringLiteral("double"), 150));
    statusBar()->showMessage(error.isEmpty() ? tr("Figure copied to the clipboard") : error, 8000);
}

void MainWindow::rerunRuns(const QVector<qint64>& ids) {
    if (refuseWhileBusy(tr("Re-run"))) return;
    const QString openCohort = controller_->cohortName();
    const QString attention = QString::fromStdString(controller_->settings().attention.label());
    std::vector<int> contexts;
    QStringList refused;
    for (const auto id : ids) {
        const auto* row = browser_->model()->rowById(id);
        if (!row) continue;
        if (row->kind != QStringLiteral("context_auroc") || row->cohort != openCohort || row->attention != attention) {
            refused << tr("run %1").arg(id);
            continue;
        }
        if (std::find(contexts.begin(), contexts.end(), row->context) == contexts.end()) contexts.push_back(row->context);
    }
    if (!refused.isEmpty()) {
        QMessageBox::information(this, tr("Re-run"),
                                 tr("Only AUROC evaluations of the open cohort (%1) with the current attention (%2) can be re-run "
                                    "from here; %3 cannot. Open its cohort or switch the attention first.")
                                     .arg(openCohort, attention, refused.join(QStringLiteral(", "))));
        return;
    }
    if (contexts.empty()) return;
    std::sort(contexts.begin(), contexts.end());
    results_->remove(ids, [this, contexts] { controller_->evaluateContexts(contexts); });
}

void MainWindow::exportWithDialog() {
    const auto* view = currentFigure();
    widgets::ExportDialog dialog(QDir::home().filePath(view->figureName() + QStringLiteral(".pdf")), this);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString error = widgets::exportFigureView(*view, dialog.path(), dialog.spec());
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
