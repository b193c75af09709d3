#include "widgets/export/figure_csv.h"
#include "widgets/export/figure_export.h"
#include "widgets/panels/comparison_panel.h"
#include "widgets/panels/curve_panel.h"
#include "widgets/panels/results_browser.h"
#include "widgets/panels/run_filter_model.h"
#include "widgets/panels/run_table_model.h"
#include "widgets/plots/curve_overlay_plot.h"
#include "widgets/plots/forest_plot.h"
#include "widgets/plots/qcustomplot.h"
#include "tests/support/test_paths.h"

#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QImage>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <gtest/gtest.h>

#include <cmath>

namespace cb::widgets {
namespace {

RunRowData row(qint64 id, const QString& model, int context, double value, const QString& attention = QStringLiteral("full")) {
    RunRowData r;
    r.id = id;
    r.kind = QStringLiteral("context_auroc");
    r.kindLabel = QStringLiteral("AUROC vs context");
    r.cohort = QStringLiteral("synthetic-2000-seed42");
    r.architecture = model + "ForCausalLM";
    r.model = model;
    r.context = context;
    r.attention = attention;
    r.value = value;
    r.low = value - 0.02;
    r.high = value + 0.02;
    return r;
}

QVector<RunRowData> sampleRows() {
    auto missing = row(4, QStringLiteral("Mamba"), 1024, 0.66);
    missing.modelMissing = true;
    missing.modelPath = QStringLiteral("/gone/model");
    return {row(1, QStringLiteral("Llama"), 512, 0.617), row(2, QStringLiteral("Llama"), 4096, 0.677),
            row(3, QStringLiteral("Llama"), 4096, 0.662, QStringLiteral("CCA g16 s1024")), missing};
}

TEST(ResultsBrowser, FiltersSortsAndMarksMissingModels) {
    ResultsBrowser browser;
    browser.setRuns(sampleRows());
    auto* table = browser.table();
    EXPECT_EQ(table->model()->rowCount(), 4);
    auto* model = browser.filterBox(RunFilterModel::Model);
    model->setCurrentIndex(model->findData(QStringLiteral("Llama")));
    EXPECT_EQ(table->model()->rowCount(), 3);
    auto* attention = browser.filterBox(RunFilterModel::Attention);
    attention->setCurrentIndex(attention->findData(QStringLiteral("full")));
    EXPECT_EQ(table->model()->rowCount(), 2);
    model->setCurrentIndex(0);
    attention->setCurrentIndex(0);
    browser.searchBox()->setText(QStringLiteral("cca"));
    ASSERT_EQ(table->model()->rowCount(), 1);
    EXPECT_EQ(table->model()->index(0, RunTableModel::Id).data().toLongLong(), 3);
    browser.searchBox()->clear();

    table->sortByColumn(RunTableModel::Value, Qt::DescendingOrder);
    EXPECT_EQ(table->model()->index(0, RunTableModel::Id).data().toLongLong(), 2);
    EXPECT_EQ(table->model()->index(3, RunTableModel::Id).data().toLongLong(), 1);
    table->sortByColumn(RunTableModel::Id, Qt::AscendingOrder);
    const auto missing = table->model()->index(3, RunTableModel::Model);
    EXPECT_TRUE(missing.data().toString().contains(QStringLiteral("missing")));
    EXPECT_TRUE(missing.data(Qt::ToolTipRole).toString().contains(QStringLiteral("/gone/model")));
    EXPECT_TRUE(browser.statusText().contains(QStringLiteral("4 runs")));
}

TEST(ResultsBrowser, KeepsItsSelectionAndFiltersAcrossARefresh) {
    ResultsBrowser browser;
    browser.setRuns(sampleRows());
    auto* context = browser.filterBox(RunFilterModel::Context);
    context->setCurrentIndex(context->findData(QStringLiteral("4096")));
    browser.selectIds({2});
    browser.setRuns(sampleRows());
    EXPECT_EQ(context->currentData().toString(), QStringLiteral("4096"));
    EXPECT_EQ(browser.selectedIds(), (QVector<qint64>{2}));
    auto rows = sampleRows();
    rows.removeAt(1);
    rows.removeAt(1);  // no 4096 run is left: the filter falls back to all
    browser.setRuns(rows);
    EXPECT_EQ(context->currentIndex(), 0);
    EXPECT_TRUE(browser.selectedIds().isEmpty());
}

TEST(ResultsBrowser, AsksForOverlayComparisonAndDeletion) {
    ResultsBrowser browser;
    browser.setRuns(sampleRows());
    browser.table()->sortByColumn(RunTableModel::Id, Qt::AscendingOrder);
    QSignalSpy overlay(&browser, &ResultsBrowser::overlayRequested);
    QSignalSpy compare(&browser, &ResultsBrowser::compareRequested);
    QSignalSpy remove(&browser, &ResultsBrowser::deleteRequested);
    browser.selectIds({1, 2, 3});
    browser.overlaySelected();
    ASSERT_EQ(overlay.count(), 1);
    EXPECT_EQ(overlay.at(0).at(0).value<QVector<qint64>>(), (QVector<qint64>{1, 2, 3}));
    browser.compareSelected();  // no baseline set: the first selected is
    ASSERT_EQ(compare.count(), 1);
    EXPECT_EQ(compare.at(0).at(0).toLongLong(), 1);
    EXPECT_EQ(compare.at(0).at(1).value<QVector<qint64>>(), (QVector<qint64>{2, 3}));
    browser.setBaseline(3);
    browser.compareSelected();
    EXPECT_EQ(compare.at(1).at(0).toLongLong(), 3);
    EXPECT_EQ(compare.at(1).at(1).value<QVector<qint64>>(), (QVector<qint64>{1, 2}));

    QString asked;
    browser.setConfirmation([&](const QString& q) { asked = q; return false; });
    browser.deleteSelected();
    EXPECT_TRUE(asked.contains(QStringLiteral("run 2")));
    EXPECT_EQ(remove.count(), 0);  // declined: nothing is asked of the application
    browser.setConfirmation([](const QString&) { return true; });
    browser.deleteSelected();
    ASSERT_EQ(remove.count(), 1);
    EXPECT_EQ(remove.at(0).at(0).value<QVector<qint64>>(), (QVector<qint64>{1, 2, 3}));
}

TEST(ResultsBrowser, AReadOnlyDatabaseCannotBeChangedFromIt) {
    ResultsBrowser browser;
    browser.setRuns(sampleRows());
    browser.setReadOnly(true);
    QSignalSpy remove(&browser, &ResultsBrowser::deleteRequested);
    QSignalSpy rerun(&browser, &ResultsBrowser::rerunRequested);
    bool asked = false;
    browser.setConfirmation([&](const QString&) { return asked = true; });
    browser.selectIds({1});
    browser.deleteSelected();
    browser.rerunSelected();
    EXPECT_FALSE(asked);
    EXPECT_EQ(remove.count() + rerun.count(), 0);
    EXPECT_TRUE(browser.statusText().contains(QStringLiteral("read-only")));
    browser.setReadOnly(false);
    browser.deleteSelected();
    EXPECT_EQ(remove.count(), 1);
}

TEST(ResultsBrowser, TheValueColumnFollowsTheChosenTaskAndMetric) {
    ResultsBrowser browser;
    browser.setRuns(sampleRows());
    browser.setTasks({QStringLiteral("guo_los"), QStringLiteral("lab_anemia")});
    QSignalSpy chosen(&browser, &ResultsBrowser::metricChoiceChanged);
    auto* task = browser.taskBox();
    auto* metric = browser.metricBox();
    metric->setCurrentIndex(2);  // Brier of the mean: not stored, falls back to AUROC
    EXPECT_EQ(browser.metricChoice().metric, QStringLiteral("auroc"));
    task->setCurrentIndex(task->findData(QStringLiteral("lab_anemia")));
    metric->setCurrentIndex(2);
    EXPECT_EQ(browser.metricChoice(), (MetricChoice{QStringLiteral("lab_anemia"), QStringLiteral("brier")}));
    EXPECT_GE(chosen.count(), 2);
    EXPECT_EQ(browser.model()->headerData(RunTableModel::Value, Qt::Horizontal, Qt::DisplayRole).toString(),
              QStringLiteral("lab_anemia Brier"));
    // With a task chosen, the runs that did not evaluate it leave the list.
    auto rows = sampleRows();
    rows[0].value = std::nan("");
    browser.setRuns(rows);
    EXPECT_EQ(browser.table()->model()->rowCount(), 3);
    browser.taskBox()->setCurrentIndex(0);
    EXPECT_EQ(browser.table()->model()->rowCount(), 4);
}

OverlayFigureData overlay(int curves) {
    OverlayFigureData f;
    f.title = QStringLiteral("Mean AUROC");
    for (int c = 0; c < curves; ++c) {
        CurveSeries s;
        s.id = s.label = QStringLiteral("run %1").arg(c);
        for (int x : {512, 1024, 2048, 4096}) s.points.push_back({double(x), {0.6 + 0.01 * c, 0.58, 0.62 + 0.01 * c}});
        f.series.push_back(s);
    }
    return f;
}

TEST(CurvePanel, DrawsEveryCurveAndSwitchesTheXAxis) {
    CurvePanel panel(QStringLiteral("overlay"));
    panel.setFigure(overlay(3), QStringLiteral("3 runs"));
    EXPECT_EQ(panel.plot()->curveCount(), 3);
    EXPECT_EQ(panel.plot()->plot()->xAxis->scaleType(), QCPAxis::stLogarithmic);
    panel.logXBox()->setChecked(false);
    EXPECT_EQ(panel.plot()->plot()->xAxis->scaleType(), QCPAxis::stLinear);
    EXPECT_EQ(panel.plot()->curveCount(), 3);
    const auto csv = panel.figureCsv().split('\n');
    EXPECT_EQ(csv.front(), QStringLiteral("series,x,y,ci_low,ci_high"));
    EXPECT_EQ(csv.size(), 1 + 12 + 1);  // header, 3 x 4 points, final newline
    panel.setMessage(QStringLiteral("nothing"));
    EXPECT_EQ(panel.plot()->curveCount(), 0);
}

ComparisonFigureData comparison() {
    ComparisonFigureData f;
    f.title = QStringLiteral("Paired");
    f.rows = {{QStringLiteral("guo_los"), QStringLiteral("Llama 4096"), {0.05, 0.01, 0.09}, 0.6, 0.65, 300, false},
              {QStringLiteral("lab_anemia"), QStringLiteral("Llama 4096"), {-0.01, -0.04, 0.02}, 0.7, 0.69, 280, false},
              {QStringLiteral("Mean over tasks"), QStringLiteral("Llama 4096"), {0.02, 0.0, 0.04}, 0.65, 0.67, 0, true}};
    f.summary = {QStringLiteral("Llama 4096: wins 1 of 2 tasks")};
    return f;
}

TEST(ComparisonPanel, ShowsEveryIntervalAndTheTable) {
    ComparisonPanel panel;
    panel.setFigure(comparison());
    EXPECT_EQ(panel.plot()->intervalCount(), 3);
    EXPECT_EQ(panel.table()->rowCount(), 3);
    EXPECT_EQ(panel.table()->item(0, 4)->text(), QStringLiteral("0.050"));
    EXPECT_TRUE(panel.table()->item(2, 0)->font().bold());
    EXPECT_EQ(panel.summary(), QStringLiteral("Llama 4096: wins 1 of 2 tasks"));
    EXPECT_TRUE(panel.figureCsv().contains(QStringLiteral("Llama 4096,guo_los,0.59999999999999998,0.65000000000000002,0.050000000000000003")));
}

TEST(FigureExport, WritesCsvAndPicturesWholeAndNamesAFailedPath) {
    test::TempDir dir;
    CurvePanel panel(QStringLiteral("overlay"));
    panel.setFigure(overlay(2));
    ExportSpec spec;
    spec.dpi = 96;
    QStringList errors;
    const auto written = exportAllFigures({&panel}, QString::fromStdString(dir.str()), {"png", "svg", "csv"}, spec, &errors);
    EXPECT_TRUE(errors.isEmpty()) << errors.join('\n').toStdString();
    ASSERT_EQ(written.size(), 3);
    for (const auto& path : written) EXPECT_GT(QFileInfo(path).size(), 0) << path.toStdString();
    EXPECT_FALSE(QFileInfo::exists(QString::fromStdString(dir.file(".overlay.partial.png"))));

    QFile blocker(QString::fromStdString(dir.file("not-a-folder")));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString bad = QString::fromStdString(dir.file("not-a-folder/figure.png"));
    const QString error = exportFigureView(panel, bad, spec);
    EXPECT_TRUE(error.contains(bad)) << error.toStdString();
    EXPECT_FALSE(exportFigureView(panel, QString::fromStdString(dir.file("not-a-folder/f.csv")), spec).isEmpty());
}

TEST(FigureExport, CopiesTheFigureToTheClipboardAtTheChosenSize) {
    CurvePanel panel(QStringLiteral("overlay"));
    panel.setFigure(overlay(2));
    QGuiApplication::clipboard()->clear();
    ExportSpec spec;
    spec.dpi = 96;
    EXPECT_EQ(copyFigureToClipboard(panel, spec), QString());
    const QImage copied = QGuiApplication::clipboard()->image();
    ASSERT_FALSE(copied.isNull());
    EXPECT_EQ(copied.width(), spec.layoutWidth());
}

}  // namespace
}  // namespace cb::widgets
