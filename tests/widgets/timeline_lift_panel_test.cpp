#include "widgets/panels/timeline_lift_panel.h"

#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <gtest/gtest.h>

namespace cb::widgets {
namespace {

QVector<ModelChoiceData> models() {
    return {{QStringLiteral("Llama · 4096"), QStringLiteral("/w/models/b"), 4096}, {QStringLiteral("Llama · 512"), QStringLiteral("/w/models/a"), 512}};
}

TEST(TimelineLiftPanel, PicksTheShortestToAdaptAndTheLongestToCompareAndKeepsAChoice) {
    TimelineLiftPanel panel;
    panel.setModels(models());
    auto s = panel.settings();
    EXPECT_EQ(s.shortModel, QStringLiteral("/w/models/a"));
    EXPECT_EQ(s.longModel, QStringLiteral("/w/models/b"));
    auto combos = panel.findChildren<QComboBox*>();
    ASSERT_EQ(combos.size(), 2);
    panel.setModels({models()[1]});  // one model so far: nothing to compare with
    EXPECT_TRUE(panel.settings().longModel.isEmpty());
    panel.setModels(models());  // the second arrives: still the user's to choose, so the defaults apply
    EXPECT_EQ(panel.settings().longModel, QStringLiteral("/w/models/b"));
    combos[1]->setCurrentIndex(0);  // "(none)", as the user picks it
    Q_EMIT combos[1]->activated(0);
    panel.setModels(models());  // a refresh keeps what the user chose
    EXPECT_TRUE(panel.settings().longModel.isEmpty());
    auto spins = panel.findChildren<QSpinBox*>();
    ASSERT_GE(spins.size(), 3);
    spins[0]->setValue(12);
    spins[2]->setValue(0);
    s = panel.settings();
    EXPECT_EQ(s.patients, 12);
    EXPECT_EQ(s.loraRank, 0);

    QSignalSpy run(&panel, &TimelineLiftPanel::runRequested);
    QPushButton* button = nullptr;
    for (auto* b : panel.findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Run LIFT on timelines")) button = b;
    ASSERT_TRUE(button);
    QTest::mouseClick(button, Qt::LeftButton);
    EXPECT_EQ(run.count(), 1);
    panel.setRunning(true);
    EXPECT_FALSE(button->isEnabled());
}

TEST(TimelineLiftPanel, ShowsEachTaskThreeWaysAndTheMean) {
    TimelineLiftPanel panel;
    TimelineLiftResultData r;
    r.context = 512;
    r.longContext = 4096;
    r.hasLong = true;
    r.rows = {{QStringLiteral("guo_icu"), true, {}, {0.61, 0.55, 0.66}, {0.63, 0.57, 0.69}, {0.70, 0.64, 0.75}, 90, 12},
              {QStringLiteral("celiac"), false, QStringLiteral("no positive test example"), {}, {}, {}, 0, 0}};
    r.meanBase = {0.61, 0.55, 0.66};
    r.meanLift = {0.63, 0.57, 0.69};
    r.meanLong = {0.70, 0.64, 0.75};
    panel.setResults(r);
    auto* table = panel.table();
    ASSERT_EQ(table->columnCount(), 5);
    ASSERT_EQ(table->rowCount(), 3);
    EXPECT_EQ(table->horizontalHeaderItem(4)->text(), QStringLiteral("4096 tokens"));
    EXPECT_EQ(table->item(0, 3)->text(), QStringLiteral("0.630 [0.570, 0.690]"));
    EXPECT_TRUE(table->item(1, 1)->text().contains(QStringLiteral("no positive")));
    EXPECT_EQ(table->item(2, 0)->text(), QStringLiteral("Mean over tasks"));
    EXPECT_TRUE(table->item(2, 4)->font().bold());
    r.hasLong = false;
    panel.setResults(r);
    EXPECT_EQ(table->columnCount(), 4);
}

}  // namespace
}  // namespace cb::widgets
