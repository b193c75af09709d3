#include "widgets/panels/patient_table_model.h"
#include "widgets/panels/patient_table_view.h"
#include "widgets/panels/strata_panel.h"
#include "widgets/plots/strata_plot.h"

#include <QSignalSpy>
#include <QTableView>
#include <gtest/gtest.h>
#include "widgets/plots/qcustomplot.h"

#include <cmath>
#include <limits>

namespace cb::widgets {
namespace {

PatientRowData patient(qint64 subject, qint64 events, double rr1, double gapStd) {
    PatientRowData row;
    row.subject = subject;
    row.split = QStringLiteral("train");
    row.events = events;
    row.tokens = events - 1;
    row.rr[0] = rr1;
    row.gapStdDays = gapStd;
    return row;
}

TEST(PatientTableView, SortsNumericallyAndHistogramsTheChosenProperty) {
    PatientTableView view;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // 9 sorts before 10 and 100 only if the sort is numeric; a NaN gap std sorts last.
    view.setPatients({patient(1, 100, 0.5, 3.0), patient(2, 9, 0.1, nan), patient(3, 10, 0.9, 1.0)});
    auto* table = view.table();
    ASSERT_EQ(table->model()->rowCount(), 3);
    table->sortByColumn(PatientTableModel::Events, Qt::AscendingOrder);
    EXPECT_EQ(table->model()->index(0, PatientTableModel::Subject).data().toString(), QStringLiteral("2"));
    EXPECT_EQ(table->model()->index(2, PatientTableModel::Subject).data().toString(), QStringLiteral("1"));
    EXPECT_EQ(view.histogramColumn(), PatientTableModel::Events);  // sorting picks the histogram too
    double total = 0;
    for (double c : view.binCounts()) total += c;
    EXPECT_EQ(total, 3.0);

    table->sortByColumn(PatientTableModel::GapStd, Qt::AscendingOrder);
    EXPECT_EQ(table->model()->index(2, PatientTableModel::Subject).data().toString(), QStringLiteral("2"));
    EXPECT_EQ(table->model()->index(2, PatientTableModel::GapStd).data().toString(), QStringLiteral("–"));
    total = 0;
    for (double c : view.binCounts()) total += c;
    EXPECT_EQ(total, 2.0);  // the undefined value is not binned
}

TEST(StrataPanel, DrawsOneLinePerRunOrExplainsWhyNot) {
    StrataPanel panel;
    QSignalSpy metric(&panel, &StrataPanel::metricChanged);
    EXPECT_EQ(panel.metric(), QStringLiteral("rr1"));
    EXPECT_EQ(panel.plot()->lineCount(), 0);
    EXPECT_FALSE(panel.message().isEmpty());

    StrataFigureData figure;
    figure.title = QStringLiteral("Brier");
    figure.quartileLabels = {QStringLiteral("Q1"), QStringLiteral("Q2"), QStringLiteral("Q3"), QStringLiteral("Q4")};
    for (int r = 0; r < 3; ++r) {
        CurveSeries s;
        s.label = QStringLiteral("run %1").arg(r);
        for (int q = 1; q <= 4; ++q) s.points.push_back({double(q), {0.1 + 0.01 * q, 0.09, 0.12 + 0.01 * q}});
        figure.runs.push_back(s);
    }
    panel.setFigure(figure, QStringLiteral("Llama 4096 vs 512"));
    EXPECT_EQ(panel.plot()->lineCount(), 3);
    EXPECT_EQ(panel.plot()->plot()->legend->itemCount(), 3);  // lines only, not their bands
    EXPECT_EQ(panel.message(), QStringLiteral("Llama 4096 vs 512"));

    panel.findChild<QComboBox*>()->setCurrentIndex(1);
    ASSERT_EQ(metric.count(), 1);
    EXPECT_EQ(metric.takeFirst().at(0).toString(), QStringLiteral("irregularity"));
    panel.setMessage(QStringLiteral("nothing yet"));
    EXPECT_EQ(panel.plot()->lineCount(), 0);
}

}  // namespace
}  // namespace cb::widgets
