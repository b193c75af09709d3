#include "app/gui/attention_dialog.h"
#include "app/gui/compute_dialog.h"
#include "app/gui/launch_options.h"
#include "app/gui/main_window.h"
#include "app/gui/results_controller.h"
#include "app/gui/theme.h"
#include "app/gui/workspace_controller.h"
#include "widgets/panels/timeline_lift_panel.h"
#include "core/analysis/sweep_file.h"
#include "core/cohort/cohort_source.h"
#include "core/store/database.h"
#include "core/store/schema.h"
#include "tests/support/results_fixture.h"
#include "tests/support/test_paths.h"
#include "widgets/panels/comparison_panel.h"
#include "widgets/panels/curve_panel.h"
#include "widgets/panels/job_panel.h"
#include "widgets/panels/results_browser.h"
#include "widgets/panels/run_table_model.h"
#include "widgets/plots/curve_overlay_plot.h"
#include "widgets/plots/forest_plot.h"
#include "widgets/panels/model_info_panel.h"
#include "widgets/panels/model_list_view.h"
#include "widgets/panels/patient_table_view.h"
#include "widgets/panels/strata_panel.h"
#include "widgets/plots/auroc_context_plot.h"
#include "widgets/plots/strata_plot.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QDockWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QMenuBar>
#include <QSignalSpy>
#include <QLabel>
#include <gtest/gtest.h>
#include "widgets/plots/qcustomplot.h"

#include <filesystem>

namespace cb::app {
namespace {

// A 60-patient demo at 16 and 32 tokens on the CPU, evaluated; true once its job finished.
bool runTinyDemo(WorkspaceController& controller, const test::TempDir& dir, QSignalSpy& finished) {
    DemoSettings settings;
    settings.patients = 60;
    settings.contexts = {16, 32};
    settings.device = "cpu";
    controller.openDemo(settings, QString::fromStdString(dir.str()), true);
    return finished.wait(240000);
}

}  // namespace


TEST(MainWindow, OpensOffscreenWithItsDocksAndActions) {
    WorkspaceController controller;
    MainWindow window(&controller);
    window.show();
    EXPECT_TRUE(window.isVisible());
    EXPECT_EQ(window.findChildren<QDockWidget*>().size(), 5);
    QStringList menus;
    for (auto* action : window.menuBar()->actions()) menus << action->text();
    EXPECT_TRUE(menus.contains(QStringLiteral("&File")));
    EXPECT_TRUE(menus.contains(QStringLiteral("&Analysis")));
    EXPECT_EQ(window.aurocPlot()->plot()->graphCount(), 0);
}

// The whole GUI path on a tiny demo: the job runs off the GUI thread, the figure fills in as
// contexts finish, the model list fills, and the figure exports.
TEST(MainWindow, RunsATinyDemoAndExportsItsFigure) {
    test::TempDir dir;
    WorkspaceController controller;
    MainWindow window(&controller);
    QSignalSpy finished(&controller, &WorkspaceController::jobFinished);
    QSignalSpy figures(&controller, &WorkspaceController::figureChanged);
    DemoSettings settings;
    settings.patients = 80;
    settings.contexts = {16, 32};
    settings.device = "cpu";
    controller.openDemo(settings, QString::fromStdString(dir.str()), true);
    EXPECT_TRUE(controller.busy());
    ASSERT_TRUE(finished.wait(240000));
    ASSERT_TRUE(finished.takeFirst().at(1).toBool());
    EXPECT_GE(figures.count(), 2);  // one update per finished context
    EXPECT_EQ(window.aurocPlot()->figure().mean.points.size(), 2);
    EXPECT_EQ(window.modelView()->rowCount(), 2);
    EXPECT_EQ(window.exportFigure(QString::fromStdString(dir.file("f.svg")), QStringLiteral("single"), 150), QString());
    EXPECT_EQ(window.patientView()->table()->model()->rowCount(), 80);

    // The stratification view follows the cached runs: one line per context.
    QTRY_VERIFY_WITH_TIMEOUT(!controller.strataBusy(), 60000);
    EXPECT_EQ(window.strataPanel()->plot()->lineCount(), 2);
    window.figureTabs()->setCurrentWidget(window.strataPanel());
    EXPECT_EQ(window.exportFigure(QString::fromStdString(dir.file("strata.pdf")), QStringLiteral("single"), 150), QString());
    EXPECT_GT(std::filesystem::file_size(dir.file("strata.pdf")), 1000u);
    window.strataPanel()->findChild<QComboBox*>()->setCurrentIndex(2);  // timeline length
    QTRY_VERIFY_WITH_TIMEOUT(!controller.strataBusy(), 60000);
    EXPECT_TRUE(window.strataPanel()->plot()->figure().xTitle.contains(QStringLiteral("length")));

    // A model folder the sweep wrote opens as the model; its vocabulary covers the cohort it was built on.
    QString modelFolder;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path() / "models"))
        if (entry.path().filename() == "config.json") modelFolder = QString::fromStdString(entry.path().parent_path().string());
    ASSERT_FALSE(modelFolder.isEmpty());
    QSignalSpy opened(&controller, &WorkspaceController::modelOpened);
    controller.openModel(modelFolder);
    ASSERT_TRUE(finished.wait(60000));
    ASSERT_EQ(opened.count(), 1);
    const auto info = opened.takeFirst().at(0).value<widgets::ModelInfoData>();
    EXPECT_EQ(info.architecture, QStringLiteral("LlamaForCausalLM"));
    EXPECT_GT(info.coverage, 0.9);
    EXPECT_LT(info.coverage, 1.0 + 1e-12);
    EXPECT_TRUE(window.modelInfo()->text().contains(QStringLiteral("covers")));

    // The opened model evaluates on the open cohort; its points replace the figure's.
    controller.evaluateOpenedModel({16});
    ASSERT_TRUE(finished.wait(120000));
    EXPECT_TRUE(finished.takeFirst().at(1).toBool());
    ASSERT_EQ(window.aurocPlot()->figure().mean.points.size(), 1);
    EXPECT_EQ(window.aurocPlot()->figure().mean.points[0].x, 16.0);

    // Reopening the same workspace shows the cached figure without a new computation.
    QSignalSpy reopenedFigures(&controller, &WorkspaceController::figureChanged);
    controller.openDemo(settings, QString::fromStdString(dir.str()), true);
    ASSERT_TRUE(finished.wait(60000));
    EXPECT_EQ(reopenedFigures.count(), 3);  // the emptied figure, then one per cached point
    EXPECT_EQ(window.aurocPlot()->figure().mean.points.size(), 2);

    // The results browser lists every cached run: the two demo contexts and the opened model's one.
    auto* results = window.resultsController();
    auto* browser = window.resultsBrowser();
    QTRY_VERIFY_WITH_TIMEOUT(!results->busy() && browser->model()->rowCount() == 3, 30000);
    browser->table()->sortByColumn(widgets::RunTableModel::Id, Qt::AscendingOrder);
    const auto row = [&](int r) { return browser->table()->model()->index(r, widgets::RunTableModel::Id).data().toLongLong(); };
    const qint64 first = row(0), second = row(1), opened16 = row(2);
    browser->selectIds({first, second});
    QSignalSpy overlays(results, &ResultsController::overlayChanged);
    browser->overlaySelected();
    ASSERT_TRUE(overlays.wait(30000));
    ASSERT_EQ(window.overlayPanel()->plot()->figure().series.size(), 1);  // one model family: one curve
    EXPECT_EQ(window.overlayPanel()->plot()->figure().series[0].points.size(), 2);
    EXPECT_EQ(window.figureTabs()->currentWidget(), window.overlayPanel());

    QSignalSpy comparisons(results, &ResultsController::comparisonChanged);
    browser->compareSelected();
    ASSERT_TRUE(comparisons.wait(60000));
    const auto& forest = window.comparisonPanel()->plot()->figure();
    ASSERT_FALSE(forest.rows.isEmpty());
    EXPECT_TRUE(forest.rows.back().mean);
    EXPECT_TRUE(window.comparisonPanel()->summary().contains(QStringLiteral("win rate")));

    QSignalSpy provenance(results, &ResultsController::provenanceReady);
    results->showProvenance(second);
    ASSERT_TRUE(provenance.wait(30000));
    EXPECT_TRUE(browser->provenanceText().contains(QStringLiteral("\"machine\"")));

    // Per-position perplexity of the longest model is stored as a run of its own and reaches its view.
    QSignalSpy stored(&controller, &WorkspaceController::perplexityStored);
    controller.computePerplexity();
    ASSERT_TRUE(finished.wait(120000));
    ASSERT_EQ(stored.count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(window.perplexityPanel()->plot()->figure().series.size() == 1, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!results->busy() && browser->model()->rowCount() == 4, 30000);

    // Every figure exports at once, pictures and numbers.
    const QString folder = QString::fromStdString(dir.file("figures"));
    EXPECT_EQ(window.exportAllFigures(folder, QStringLiteral("single"), 96), QString());
    for (const char* name : {"auroc_vs_context.csv", "overlay.png", "paired_comparison.svg", "perplexity_by_position.pdf"})
        EXPECT_TRUE(std::filesystem::exists(dir.file(std::string("figures/") + name))) << name;

    // Deleting asks first; the opened model's run goes, the others stay.
    browser->setConfirmation([](const QString&) { return true; });
    browser->selectIds({opened16});
    browser->deleteSelected();
    QTRY_VERIFY_WITH_TIMEOUT(!results->busy() && browser->model()->rowCount() == 3, 30000);
    EXPECT_EQ(browser->model()->rowById(opened16), nullptr);
}

TEST(MainWindow, OpensAMedsCohortIntoThePatientTable) {
    test::TempDir dir;
    WorkspaceController controller;
    MainWindow window(&controller);
    QSignalSpy finished(&controller, &WorkspaceController::jobFinished);
    QSignalSpy unavailable(&controller, &WorkspaceController::strataUnavailable);
    controller.openCohort(QString::fromStdString(test::dataPath("meds/meds-transforms-example")), {},
                          QString::fromStdString(dir.str()));
    ASSERT_TRUE(finished.wait(60000));
    ASSERT_TRUE(finished.takeFirst().at(1).toBool());
    EXPECT_EQ(window.patientView()->table()->model()->rowCount(), 6);
    QTRY_VERIFY_WITH_TIMEOUT(unavailable.count() > 0, 10000);  // nothing evaluated: said, not drawn
    EXPECT_EQ(window.strataPanel()->plot()->lineCount(), 0);

    controller.openCohort(QStringLiteral("/no/such/cohort"), {});
    ASSERT_TRUE(finished.wait(60000));
    const auto failure = finished.takeFirst();
    EXPECT_FALSE(failure.at(1).toBool());
    EXPECT_TRUE(failure.at(0).toString().contains(QStringLiteral("/no/such/cohort")));
    EXPECT_EQ(window.patientView()->table()->model()->rowCount(), 6);  // the open cohort stays
}

}  // namespace cb::app

namespace cb::app {

// The open cohort and this workspace's sweep, written for contextbench-cli sweep, read back the same.
TEST(MainWindow, ExportsTheWorkspaceAsASweepFile) {
    test::TempDir dir;
    WorkspaceController controller;
    EXPECT_FALSE(controller.exportSweep(QString::fromStdString(dir.file("none.json"))).isEmpty());  // no cohort yet
    QSignalSpy finished(&controller, &WorkspaceController::jobFinished);
    DemoSettings settings;
    settings.patients = 40;
    settings.contexts = {16, 32};
    settings.seed = 9;
    controller.openDemo(settings, QString::fromStdString(dir.str()), false);
    ASSERT_TRUE(finished.wait(120000));
    controller.setCompute("cpu", "bf16");
    const auto path = dir.file("sweep.json");
    ASSERT_EQ(controller.exportSweep(QString::fromStdString(path)), QString());
    const auto file = SweepFile::read(path);
    EXPECT_EQ(file.cohort, syntheticSpecOf(settings.cohortConfig()));
    EXPECT_EQ(parseSyntheticSpec(file.cohort).toJson(), settings.cohortConfig().toJson());
    EXPECT_EQ(file.sweep.contexts, (std::vector<int>{16, 32}));
    EXPECT_EQ(file.sweep.precision, "bf16");
    EXPECT_EQ(file.sweep.device, "cpu");
    EXPECT_EQ(file.workspace, std::filesystem::absolute(dir.str()).string());
    EXPECT_EQ(file.sweep.pretrain.tokenBudget, settings.sweepConfig().pretrain.tokenBudget);
    // An unwritable place is an error message, not a crash.
    EXPECT_FALSE(controller.exportSweep(QStringLiteral("/proc/no/such/sweep.json")).isEmpty());
}

TEST(ComputeDialog, OffersTheCpuAndEachGpuAndKeepsTheChoice) {
    ComputeDialog dialog({"cuda:1", "bf16"}, 2, nullptr);
    auto boxes = dialog.findChildren<QComboBox*>();
    ASSERT_EQ(boxes.size(), 2);
    EXPECT_EQ(boxes[0]->count(), 4);  // auto, cpu, cuda:0, cuda:1
    EXPECT_EQ(dialog.preferences().device, "cuda:1");
    EXPECT_EQ(dialog.preferences().precision, "bf16");
    boxes[0]->setCurrentIndex(1);
    boxes[1]->setCurrentIndex(0);
    EXPECT_EQ(dialog.preferences().device, "cpu");
    EXPECT_EQ(dialog.preferences().precision, "fp32");
}

}  // namespace cb::app

namespace cb::app {

TEST(AttentionDialog, ReturnsFullZeroShotOrAdaptedCca) {
    auto adapted = AttentionSpec::cca(8, 256);
    adapted.adaptTokens = 300000;
    AttentionDialog dialog(adapted, nullptr);
    EXPECT_EQ(dialog.attention(), adapted);
    auto spins = dialog.findChildren<QSpinBox*>();
    ASSERT_EQ(spins.size(), 3u);
    spins[2]->setValue(0);
    EXPECT_EQ(dialog.attention(), AttentionSpec::cca(8, 256));  // the zero-shot swap
    auto* kind = dialog.findChildren<QComboBox*>().front();
    kind->setCurrentIndex(0);
    EXPECT_EQ(dialog.attention(), AttentionSpec{});
    EXPECT_FALSE(spins[0]->isEnabled());  // g, s and the budget mean nothing for full attention
}

// LIFT on timelines from its tab: the workspace's models fill the choices, a run on a few patients
// fills the table three ways and says what it cost.
TEST(MainWindow, RunsLiftOnTimelinesFromItsTab) {
    test::TempDir dir;
    WorkspaceController controller;
    MainWindow window(&controller);
    QSignalSpy finished(&controller, &WorkspaceController::jobFinished);
    ASSERT_TRUE(runTinyDemo(controller, dir, finished));
    auto* panel = window.timelineLiftPanel();
    auto combos = panel->findChildren<QComboBox*>();
    ASSERT_EQ(combos.size(), 2);
    EXPECT_EQ(combos[0]->count(), 2);
    EXPECT_FALSE(panel->settings().longModel.isEmpty());
    auto spins = panel->findChildren<QSpinBox*>();
    spins[0]->setValue(8);   // patients per split
    spins[1]->setValue(1);   // epochs
    spins.back()->setValue(20);  // bootstrap replicates
    QPushButton* run = nullptr;
    for (auto* b : panel->findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Run LIFT on timelines")) run = b;
    ASSERT_TRUE(run);
    QTest::mouseClick(run, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(panel->table()->rowCount() > 1, 240000);
    const int last = panel->table()->rowCount() - 1;
    EXPECT_EQ(panel->table()->item(last, 0)->text(), QStringLiteral("Mean over tasks"));
    EXPECT_EQ(panel->table()->columnCount(), 5);  // with the long-context column
    EXPECT_TRUE(panel->note().contains(QStringLiteral("examples adapted"))) << panel->note().toStdString();
    QTRY_VERIFY_WITH_TIMEOUT(run->isEnabled(), 10000);
}

// Switching attention shows what the cache holds for the new choice: nothing yet for CCA, the
// evaluated points again for full.
TEST(MainWindow, SwitchingAttentionShowsThatAttentionsCachedPoints) {
    test::TempDir dir;
    WorkspaceController controller;
    MainWindow window(&controller);
    QSignalSpy finished(&controller, &WorkspaceController::jobFinished);
    ASSERT_TRUE(runTinyDemo(controller, dir, finished));
    ASSERT_EQ(window.aurocPlot()->figure().mean.points.size(), 2);
    controller.setAttention(AttentionSpec::cca(4, 8));
    ASSERT_TRUE(finished.wait(60000));
    EXPECT_EQ(window.aurocPlot()->figure().mean.points.size(), 0);
    controller.setAttention(AttentionSpec{});
    ASSERT_TRUE(finished.wait(60000));
    QTest::qWait(50);  // the points are posted to the GUI thread after the job ends
    EXPECT_EQ(window.aurocPlot()->figure().mean.points.size(), 2);
}

}  // namespace cb::app

namespace cb::app {

TEST(AppSettings, KeepsRecentItemsFirstAndBounded) {
    QStringList recent;
    for (int i = 0; i < 12; ++i) AppSettings::remember(recent, QStringLiteral("cohort-%1").arg(i));
    AppSettings::remember(recent, QStringLiteral("cohort-5"));
    AppSettings::remember(recent, QString());
    EXPECT_EQ(recent.size(), AppSettings::kRecentLimit);
    EXPECT_EQ(recent.front(), QStringLiteral("cohort-5"));
    EXPECT_EQ(recent.count(QStringLiteral("cohort-5")), 1);
    EXPECT_EQ(recent[1], QStringLiteral("cohort-11"));
}

TEST(AppSettings, FallsBackToDefaultsForDamagedValues) {
    {
        QSettings s;
        s.setValue(QStringLiteral("view/strata_metric"), QStringLiteral("nonsense"));
        s.setValue(QStringLiteral("appearance/theme"), 42);
        s.setValue(QStringLiteral("compute/precision"), QStringLiteral("fp8"));
    }
    const auto loaded = AppSettings::load();
    EXPECT_EQ(loaded.view.strataMetric, QStringLiteral("rr1"));
    EXPECT_EQ(loaded.theme, QStringLiteral("system"));
    EXPECT_EQ(loaded.compute.precision, "fp32");
    QSettings().clear();
}

// The window comes back as it was left: the view in front, per-task lines, log axes, the layout.
TEST(MainWindow, RestoresItsViewsAndLayoutAtTheNextStart) {
    QSettings().clear();
    {
        WorkspaceController controller;
        MainWindow window(&controller);
        window.show();
        window.showView(QStringLiteral("comparison"));
        for (auto* action : window.findChildren<QAction*>())
            if (action->text() == QStringLiteral("Per-task &lines")) action->setChecked(false);
        window.perplexityPanel()->logXBox()->setChecked(false);
        window.strataPanel()->setMetric(QStringLiteral("length"));
        window.close();
    }
    const auto saved = AppSettings::load();
    EXPECT_EQ(saved.view.tab, QStringLiteral("comparison"));
    EXPECT_FALSE(saved.view.taskLines);
    EXPECT_FALSE(saved.view.perplexityLogX);
    EXPECT_EQ(saved.view.strataMetric, QStringLiteral("length"));
    EXPECT_FALSE(saved.geometry.isEmpty());

    WorkspaceController controller;
    MainWindow window(&controller);
    EXPECT_EQ(window.currentViewName(), QStringLiteral("comparison"));
    EXPECT_FALSE(window.aurocPlot()->taskLinesVisible());
    EXPECT_FALSE(window.perplexityPanel()->logXBox()->isChecked());
    EXPECT_TRUE(window.overlayPanel()->logXBox()->isChecked());
    EXPECT_EQ(window.strataPanel()->metric(), QStringLiteral("length"));
    QSettings().clear();
}

TEST(Theme, DarkChromeLeavesFiguresOnWhite) {
    WorkspaceController controller;
    MainWindow window(&controller);
    applyTheme(*qApp, QStringLiteral("dark"));
    EXPECT_LT(qApp->palette().color(QPalette::Window).lightness(), 100);
    const QImage figure = window.aurocPlot()->plot()->toPixmap(300, 200).toImage();
    EXPECT_EQ(figure.pixelColor(3, 3), QColor(Qt::white));
    applyTheme(*qApp, QStringLiteral("light"));
    EXPECT_GT(qApp->palette().color(QPalette::Window).lightness(), 150);
    applyTheme(*qApp, QStringLiteral("system"));
}

}  // namespace cb::app

namespace cb::app {

TEST(LaunchOptions, ReopensTheLastSessionOnlyWhenTheCommandLineChoosesNothing) {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "model");
    const SessionSettings last{QString::fromStdString(dir.str()), QStringLiteral("/data/meds"), QString::fromStdString(dir.file("model"))};
    LaunchOptions plain, chosen;
    QString error;
    ASSERT_TRUE(parseLaunchOptions({QStringLiteral("contextbench")}, plain, error)) << error.toStdString();
    ASSERT_TRUE(parseLaunchOptions({QStringLiteral("contextbench"), QStringLiteral("--workspace"), QStringLiteral("/tmp/w")}, chosen, error));
    const auto restored = planStartup(plain, last);
    EXPECT_TRUE(restored.restored);
    EXPECT_EQ(restored.cohortSpec, QStringLiteral("/data/meds"));
    EXPECT_EQ(restored.modelFolder, last.modelFolder);
    const auto explicitChoice = planStartup(chosen, last);
    EXPECT_FALSE(explicitChoice.restored);
    EXPECT_EQ(explicitChoice.workspace, QStringLiteral("/tmp/w"));
    EXPECT_TRUE(explicitChoice.cohortSpec.isEmpty());  // the demo
    // A workspace or model that has gone since is not reopened.
    const auto gone = planStartup(plain, {QStringLiteral("/no/such/dir"), QStringLiteral("/data/meds"), {}});
    EXPECT_FALSE(gone.restored);
    const auto noModel = planStartup(plain, {last.workspace, {}, QStringLiteral("/no/such/model")});
    EXPECT_TRUE(noModel.restored);
    EXPECT_TRUE(noModel.modelFolder.isEmpty());
    ASSERT_FALSE(parseLaunchOptions({QStringLiteral("contextbench"), QStringLiteral("--tab"), QStringLiteral("nope")}, plain, error));
}

}  // namespace cb::app

namespace cb::app {

// A database written by a newer ContextBench is refused with a message the browser shows, and left
// exactly as it was.
TEST(ResultsController, ReportsADatabaseFromANewerVersionAndLeavesItAlone) {
    test::TempDir dir;
    const auto path = dir.file("results.sqlite");
    { Database(path).exec("PRAGMA user_version = 99"); }
    ResultsController controller;
    QSignalSpy failed(&controller, &ResultsController::failed);
    controller.setDatabase(QString::fromStdString(path));
    ASSERT_TRUE(failed.wait(10000));
    EXPECT_TRUE(failed.takeFirst().at(0).toString().contains(QStringLiteral("newer")));
    Database db(path);
    EXPECT_EQ(schemaVersion(db), 99);
}

// The browser's buttons, clicked, ask the controller; what it draws reaches the overlay.
TEST(ResultsController, OverlaysTheRunsTheBrowserSelects) {
    test::TempDir dir;
    {
        ResultStore store(dir.file("results.sqlite"));
        test::addFixtureRun(store, {.context = 512, .signal = 0.5});
        test::addFixtureRun(store, {.context = 2048, .signal = 1.5, .noiseSeed = 2});
        test::addFixtureRun(store, {.architecture = "MambaForCausalLM", .context = 2048, .noiseSeed = 3});
    }
    WorkspaceController workspace;
    MainWindow window(&workspace);
    window.show();
    auto* results = window.resultsController();
    results->setDatabase(QString::fromStdString(dir.file("results.sqlite")));
    QTRY_VERIFY_WITH_TIMEOUT(window.resultsBrowser()->model()->rowCount() == 3, 10000);
    window.resultsBrowser()->selectIds({1, 2, 3});
    QSignalSpy overlays(results, &ResultsController::overlayChanged);
    QPushButton* overlay = nullptr;
    for (auto* b : window.resultsBrowser()->findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Overlay")) overlay = b;
    ASSERT_NE(overlay, nullptr);
    QTest::mouseClick(overlay, Qt::LeftButton);
    ASSERT_TRUE(overlays.wait(10000));
    const auto& figure = window.overlayPanel()->plot()->figure();
    ASSERT_EQ(figure.series.size(), 2);  // Llama at two contexts, Mamba at one
    EXPECT_EQ(figure.series[0].points.size() + figure.series[1].points.size(), 3);
}

}  // namespace cb::app
