#include "app/gui/main_window.h"
#include "app/gui/workspace_controller.h"
#include "tests/support/test_paths.h"
#include "widgets/panels/job_panel.h"
#include "widgets/panels/model_list_view.h"
#include "widgets/plots/auroc_context_plot.h"

#include <QDockWidget>
#include <QMenuBar>
#include <QSignalSpy>
#include <gtest/gtest.h>
#include "widgets/plots/qcustomplot.h"

namespace cb::app {

TEST(MainWindow, OpensOffscreenWithItsDocksAndActions) {
    WorkspaceController controller;
    MainWindow window(&controller);
    window.show();
    EXPECT_TRUE(window.isVisible());
    EXPECT_EQ(window.findChildren<QDockWidget*>().size(), 3);
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

    // Reopening the same workspace shows the cached figure without a new computation.
    QSignalSpy reopenedFigures(&controller, &WorkspaceController::figureChanged);
    controller.openDemo(settings, QString::fromStdString(dir.str()), true);
    ASSERT_TRUE(finished.wait(60000));
    EXPECT_EQ(reopenedFigures.count(), 2);
    EXPECT_EQ(window.aurocPlot()->figure().mean.points.size(), 2);
}

}  // namespace cb::app
