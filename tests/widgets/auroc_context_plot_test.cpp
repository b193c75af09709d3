#include "widgets/export/plot_exporter.h"
#include "widgets/plots/auroc_context_plot.h"
#include "tests/support/test_paths.h"

#include <QApplication>
#include <QFile>
#include <QRegularExpression>
#include <QImage>
#include <QSvgRenderer>
#include <gtest/gtest.h>
#include "widgets/plots/qcustomplot.h"

namespace cb::widgets {
namespace {

AurocFigureData sampleFigure() {
    AurocFigureData f;
    f.title = QStringLiteral("AUROC versus context length");
    f.mean.label = QStringLiteral("Mean over 2 tasks");
    for (double x : {512.0, 1024.0, 2048.0, 4096.0}) f.mean.points.push_back({x, {0.6 + x / 40960.0, 0.58, 0.7}});
    for (int t = 0; t < 2; ++t) {
        CurveSeries s;
        s.id = QStringLiteral("task%1").arg(t);
        s.label = QStringLiteral("Task %1").arg(t);
        for (double x : {512.0, 1024.0, 2048.0, 4096.0}) s.points.push_back({x, {0.55 + 0.1 * t, 0.5, 0.7}});
        f.tasks.push_back(s);
    }
    return f;
}

}  // namespace

TEST(AurocContextPlot, DrawsMeanBandAndTaskLinesOnALog2Axis) {
    AurocContextPlot plot;
    plot.setFigure(sampleFigure());
    // two task lines, band low and high edges, mean
    EXPECT_EQ(plot.plot()->graphCount(), 5);
    EXPECT_EQ(plot.visibleGraphCount(), 5);
    EXPECT_EQ(plot.plot()->xAxis->scaleType(), QCPAxis::stLogarithmic);
    EXPECT_LT(plot.plot()->xAxis->range().lower, 512.0);
    EXPECT_GT(plot.plot()->xAxis->range().upper, 4096.0);
    EXPECT_EQ(plot.plot()->legend->itemCount(), 4);  // mean, CI, two tasks
}

TEST(AurocContextPlot, TaskLinesToggleSeparatelyAndTogether) {
    AurocContextPlot plot;
    plot.setFigure(sampleFigure());
    QString toggled;
    QObject::connect(&plot, &AurocContextPlot::taskVisibilityChanged, [&](const QString& id, bool) { toggled = id; });
    plot.setTaskVisible(QStringLiteral("task1"), false);
    EXPECT_EQ(toggled, QStringLiteral("task1"));
    EXPECT_FALSE(plot.isTaskVisible(QStringLiteral("task1")));
    EXPECT_EQ(plot.visibleGraphCount(), 4);
    plot.setTaskLinesVisible(false);
    EXPECT_EQ(plot.visibleGraphCount(), 3);
    EXPECT_EQ(plot.plot()->legend->itemCount(), 2);
    plot.setTaskLinesVisible(true);
    plot.setTaskVisible(QStringLiteral("task1"), true);
    EXPECT_EQ(plot.visibleGraphCount(), 5);
}

TEST(PlotExporter, WritesPngAtTheRequestedSizeAndVectorPdfAndSvg) {
    test::TempDir dir;
    AurocContextPlot plot;
    plot.setFigure(sampleFigure());
    ExportSpec spec;
    spec.inches = QSizeF(3.5, 2.6);
    spec.dpi = 192;
    const QString png = QString::fromStdString(dir.file("f.png"));
    ASSERT_EQ(exportPlot(plot.plot(), png, spec), QString());
    const QImage image(png);
    // Laid out at 96 px per inch, then scaled: the size is the layout's, in device pixels.
    EXPECT_EQ(image.width(), qRound(spec.layoutWidth() * 2.0));
    EXPECT_EQ(image.height(), qRound(spec.layoutHeight() * 2.0));
    EXPECT_NEAR(image.width() / 192.0, 3.5, 0.01);
    EXPECT_NEAR(image.dotsPerMeterX() * 0.0254, 192.0, 1.0);

    const QString pdf = QString::fromStdString(dir.file("f.pdf"));
    ASSERT_EQ(exportPlot(plot.plot(), pdf, spec), QString());
    QFile pdfFile(pdf);
    ASSERT_TRUE(pdfFile.open(QIODevice::ReadOnly));
    EXPECT_TRUE(pdfFile.read(5) == "%PDF-");

    const QString svg = QString::fromStdString(dir.file("f.svg"));
    ASSERT_EQ(exportPlot(plot.plot(), svg, spec), QString());
    QSvgRenderer renderer(svg);
    EXPECT_TRUE(renderer.isValid());
    // The figure's size is the requested one; a narrow figure is laid out wider inside it.
    QFile svgFile(svg);
    ASSERT_TRUE(svgFile.open(QIODevice::ReadOnly));
    const auto match = QRegularExpression(QStringLiteral("width=\"([0-9.]+)mm\"")).match(QString::fromUtf8(svgFile.readAll()));
    ASSERT_TRUE(match.hasMatch());
    EXPECT_NEAR(match.captured(1).toDouble(), 3.5 * 25.4, 0.5);
    EXPECT_GE(renderer.viewBox().width(), 560);
    EXPECT_NEAR(renderer.viewBox().height() / double(renderer.viewBox().width()), spec.inches.height() / spec.inches.width(), 0.01);

    EXPECT_NE(exportPlot(plot.plot(), QString::fromStdString(dir.file("f.bmp")), spec), QString());
}

}  // namespace cb::widgets
