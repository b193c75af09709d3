#include "widgets/panels/cohort_summary_view.h"
#include "widgets/panels/job_panel.h"
#include "widgets/panels/model_list_view.h"

#include <QPushButton>
#include <QTableWidget>
#include <QTest>
#include <gtest/gtest.h>
#include "widgets/plots/qcustomplot.h"

namespace cb::widgets {

TEST(CohortSummaryView, ShowsCountsUnknownCodesAndTheLengthHistogram) {
    CohortSummaryView view;
    CohortPanelData d;
    d.name = QStringLiteral("demo");
    d.patients = 3;
    d.events = 1200;
    d.tokens = 1100;
    d.unknownEvents = 100;
    d.topUnknownCodes = {{QStringLiteral("SNOMED/9"), 100}};
    d.tokensPerPatient = {50, 500, 5000};
    view.setSummary(d);
    EXPECT_TRUE(view.countsText().contains(QStringLiteral("demo")));
    EXPECT_TRUE(view.countsText().contains(QStringLiteral("patients")));
    ASSERT_EQ(view.histogram()->plottableCount(), 1);
    auto* bars = qobject_cast<QCPBars*>(view.histogram()->plottable(0));
    ASSERT_TRUE(bars);
    double total = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) total += it->value;
    EXPECT_EQ(total, 3.0);
}

TEST(ModelListView, ListsOneRowPerModel) {
    ModelListView view;
    view.setModels({{QStringLiteral("LlamaForCausalLM"), 512, 1000, 10, 7.5, 4.0, 12.0, QStringLiteral("/m")},
                    {QStringLiteral("LlamaForCausalLM"), 1024, 1000, 10, 7.5, 3.9, 13.0, QStringLiteral("/n")}});
    EXPECT_EQ(view.rowCount(), 2);
    EXPECT_EQ(view.table()->item(1, 1)->text(), QLocale().toString(1024));
}

TEST(JobPanel, TracksProgressAndEmitsCancel) {
    JobPanel panel;
    bool cancelled = false;
    QObject::connect(&panel, &JobPanel::cancelRequested, [&] { cancelled = true; });
    panel.start(QStringLiteral("job"));
    panel.update(0.25, QStringLiteral("stage"), QStringLiteral("detail"));
    EXPECT_EQ(panel.percent(), 25);
    auto* cancel = panel.findChild<QPushButton*>();
    ASSERT_TRUE(cancel);
    QTest::mouseClick(cancel, Qt::LeftButton);
    EXPECT_TRUE(cancelled);
    panel.finish(QStringLiteral("Cancelled: nothing stored"));
    EXPECT_FALSE(panel.isRunning());
    EXPECT_EQ(formatDuration(200), QStringLiteral("3 min 20 s"));
    EXPECT_EQ(formatDuration(7300), QStringLiteral("2 h 1 min"));
}

}  // namespace cb::widgets
