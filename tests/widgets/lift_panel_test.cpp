#include "widgets/panels/lift_panel.h"
#include "widgets/plots/qcustomplot.h"

#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <gtest/gtest.h>

namespace cb::widgets {

TEST(LiftPanel, ReportsItsSettingsAndAsksToStart) {
    LiftPanel panel;
    panel.setModelDir(QStringLiteral("/models/notes"));
    auto spins = panel.findChildren<QSpinBox*>();
    ASSERT_GE(spins.size(), 3);
    spins[0]->setValue(1024);  // segment length
    spins[2]->setValue(0);     // LoRA rank 0: full fine-tuning
    auto boxes = panel.findChildren<QCheckBox*>();
    ASSERT_EQ(boxes.size(), 3);
    boxes[1]->setChecked(false);  // no LIFT-only
    const auto s = panel.settings();
    EXPECT_EQ(s.modelDir, QStringLiteral("/models/notes"));
    EXPECT_EQ(s.segmentLength, 1024);
    EXPECT_EQ(s.loraRank, 0);
    EXPECT_DOUBLE_EQ(s.learningRate, 3e-6);  // full fine-tuning takes the reference's smaller rate
    EXPECT_EQ(s.modes, (QStringList{QStringLiteral("icl"), QStringLiteral("lift+icl")}));

    QSignalSpy start(&panel, &LiftPanel::startRequested);
    QPushButton* startButton = nullptr;
    for (auto* b : panel.findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Start LIFT")) startButton = b;
    ASSERT_TRUE(startButton);
    QTest::mouseClick(startButton, Qt::LeftButton);
    EXPECT_EQ(start.count(), 1);
    panel.setRunning(true);
    EXPECT_FALSE(startButton->isEnabled());
}

TEST(LiftPanel, AsksForATokenCountOnceTheTextSettles) {
    LiftPanel panel;
    QSignalSpy wanted(&panel, &LiftPanel::tokenCountWanted);
    panel.setDocument(QStringLiteral("a"));
    panel.setDocument(QStringLiteral("ab"));
    panel.setDocument(QStringLiteral("abc"));
    EXPECT_EQ(wanted.count(), 0);
    EXPECT_TRUE(wanted.wait(2000));
    EXPECT_EQ(wanted.count(), 1);  // three edits, one count
    panel.setTokenSummary(QStringLiteral("3 tokens -> 1 segment"));
    EXPECT_EQ(panel.tokenSummary(), QStringLiteral("3 tokens -> 1 segment"));
}

TEST(LiftPanel, ShowsTheLossCurveAndTheAnswersSideBySide) {
    LiftPanel panel;
    panel.addEpochLoss(1, 2.5);
    panel.addEpochLoss(2, 2.1);
    EXPECT_EQ(panel.lossPlot()->graph(0)->dataCount(), 2);
    LiftResultData results;
    LiftQuestionRow row;
    row.question = QStringLiteral("On 2019-03-05 hemoglobin was");
    row.reference = QStringLiteral("12.3");
    row.evidenceInWindow = 0;
    row.icl = {true, QStringLiteral("11.0"), -4.2, false};
    row.liftIcl = {true, QStringLiteral("12.3"), -0.7, true};
    results.rows = {row};
    results.summary = QStringLiteral("icl 0% exact");
    panel.setResults(results);
    auto* table = panel.answers();
    ASSERT_EQ(table->rowCount(), 1);
    EXPECT_TRUE(table->item(0, 0)->text().contains(QStringLiteral("outside ICL window")));
    EXPECT_TRUE(table->item(0, 2)->text().contains(QStringLiteral("11.0")));
    EXPECT_EQ(table->item(0, 3)->text(), QStringLiteral("–"));  // LIFT-only did not run
    EXPECT_TRUE(table->item(0, 4)->text().startsWith(QStringLiteral("✓ 12.3")));
    panel.clearRun();
    EXPECT_EQ(table->rowCount(), 0);
    EXPECT_EQ(panel.lossPlot()->graph(0)->dataCount(), 0);
}

}  // namespace cb::widgets
