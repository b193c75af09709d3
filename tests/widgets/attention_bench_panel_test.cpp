#include "widgets/panels/attention_bench_panel.h"
#include "widgets/panels/curve_panel.h"
#include "widgets/plots/attention_bench_figure.h"
#include "widgets/plots/curve_overlay_plot.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <gtest/gtest.h>

namespace cb::widgets {
namespace {

QVector<AttentionBenchRow> measurements() {
    return {{QStringLiteral("full"), 1024, 20.0, 3.0, 1.0, QStringLiteral("cpu")},
            {QStringLiteral("CCA g16 s1024"), 1024, 21.0, 3.0, 20.0 / 21.0, QStringLiteral("cpu")},
            {QStringLiteral("full"), 16384, 2400.0, 48.0, 1.0, QStringLiteral("cpu")},
            {QStringLiteral("CCA g16 s1024"), 16384, 460.0, 0.0, 2400.0 / 460.0, QStringLiteral("cpu")}};
}

TEST(AttentionBenchFigure, OneCurvePerImplementationForTheChosenMetric) {
    const auto latency = attentionBenchFigure(measurements(), AttentionBenchMetric::Latency);
    ASSERT_EQ(latency.series.size(), 2);
    EXPECT_TRUE(latency.logY);
    EXPECT_EQ(latency.series[1].label, QStringLiteral("CCA g16 s1024"));
    EXPECT_DOUBLE_EQ(latency.series[1].points[1].y.value, 460.0);
    EXPECT_EQ(latency.subtitle, QStringLiteral("cpu"));

    const auto speed = attentionBenchFigure(measurements(), AttentionBenchMetric::Speedup);
    EXPECT_FALSE(speed.logY);
    ASSERT_EQ(speed.series.size(), 2);
    EXPECT_NEAR(speed.series[1].points[1].y.value, 5.217, 1e-3);
    EXPECT_DOUBLE_EQ(speed.series[0].points[0].y.value, 1.0);  // full's own reference line

    // A zero cannot sit on a log axis: that point is left out, not drawn at the bottom.
    const auto memory = attentionBenchFigure(measurements(), AttentionBenchMetric::PeakMemory);
    EXPECT_EQ(memory.series[1].points.size(), 1);
}

TEST(AttentionBenchFigure, ContextListsParseOrAreRefusedWhole) {
    EXPECT_EQ(parseContextList(QStringLiteral("1024, 4096,16384")), (QVector<int>{1024, 4096, 16384}));
    EXPECT_TRUE(parseContextList(QStringLiteral("1024,4k")).isEmpty());
    EXPECT_TRUE(parseContextList(QStringLiteral("1024,-8")).isEmpty());
    EXPECT_TRUE(parseContextList(QString()).isEmpty());
}

TEST(AttentionBenchPanel, AsksToRunWithItsSettingsAndDrawsRowsAsTheyArrive) {
    AttentionBenchPanel panel;
    panel.setDevices({QStringLiteral("cpu")});
    QSignalSpy run(&panel, &AttentionBenchPanel::runRequested);
    QPushButton* button = nullptr;
    for (auto* b : panel.findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Run benchmark")) button = b;
    ASSERT_TRUE(button);
    auto* contexts = panel.findChild<QLineEdit*>();
    contexts->setText(QStringLiteral("512,2048"));
    QTest::mouseClick(button, Qt::LeftButton);
    ASSERT_EQ(run.count(), 1);
    const auto request = run.takeFirst().at(0).value<AttentionBenchRequest>();
    EXPECT_EQ(request.contexts, (QVector<int>{512, 2048}));
    EXPECT_EQ(request.groupSize, 16);
    EXPECT_EQ(request.localWindow, 1024);
    EXPECT_EQ(request.device, QStringLiteral("cpu"));

    contexts->setText(QStringLiteral("lots"));
    QTest::mouseClick(button, Qt::LeftButton);
    EXPECT_EQ(run.count(), 0);  // refused, with a message instead of a figure

    panel.setRunning(true);
    EXPECT_FALSE(button->isEnabled());
    for (const auto& row : measurements()) panel.addRow(row);
    auto* curves = panel.findChild<CurvePanel*>();
    EXPECT_EQ(curves->plot()->curveCount(), 2);
    panel.setMetric(AttentionBenchMetric::Speedup);
    EXPECT_TRUE(curves->note().contains(QStringLiteral("5.22x")));
    auto declined = measurements()[3];
    declined.context = 32768;
    declined.notice = QStringLiteral("CCA runs on the blocked path (exact, slower): float32 only");
    panel.addRow(declined);
    EXPECT_TRUE(curves->note().contains(QStringLiteral("float32 only")));  // a declined fast path is said
    EXPECT_EQ(panel.figureCsv().count(QLatin1Char('\n')), 6);
    EXPECT_TRUE(panel.figureCsv().startsWith(QStringLiteral("impl,context,median_ms")));
    panel.clearRows();
    EXPECT_TRUE(panel.rows().isEmpty());
}

}  // namespace
}  // namespace cb::widgets
