#include "widgets/plots/forest_plot.h"

#include "widgets/plots/palette.h"
#include "widgets/plots/plot_frame.h"
#include "widgets/plots/qcustomplot.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace cb::widgets {
namespace {

constexpr const char* kIntervalProperty = "contextbench_interval";

}  // namespace

ForestPlot::ForestPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    title_ = hostFigure(this, plot_);
    plot_->yAxis->grid()->setVisible(false);
    rebuild();
}

void ForestPlot::setFigure(const ComparisonFigureData& figure) {
    figure_ = figure;
    rebuild();
}

int ForestPlot::intervalCount() const {
    int n = 0;
    for (int i = 0; i < plot_->itemCount(); ++i)
        if (plot_->item(i)->property(kIntervalProperty).toBool()) ++n;
    return n;
}

void ForestPlot::rebuild() {
    plot_->clearPlottables();
    plot_->clearItems();
    plot_->legend->clearItems();
    title_->setText(figure_.subtitle.isEmpty() ? figure_.title : figure_.title + "\n" + figure_.subtitle);
    plot_->xAxis->setLabel(figure_.xTitle);

    // One band per task, top to bottom in the order given, and the means in a last band of their
    // own; the runs sit side by side within each band, one colour each.
    QVector<QString> bands, runs;
    for (const auto& row : figure_.rows) {
        const QString band = row.mean ? QString() : row.label;
        if (!bands.contains(band) && !row.mean) bands.push_back(band);
        if (!runs.contains(row.run)) runs.push_back(row.run);
    }
    const bool hasMeans = std::any_of(figure_.rows.begin(), figure_.rows.end(), [](const ForestRow& r) { return r.mean; });
    const int bandCount = static_cast<int>(bands.size()) + (hasMeans ? 1 : 0);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int b = 0; b < bands.size(); ++b) ticker->addTick(bandCount - b, bands[b]);
    if (hasMeans) ticker->addTick(1, tr("Mean over tasks"));

    const double spread = runs.size() > 1 ? 0.6 / (runs.size() - 1) : 0.0;
    double xMin = 0.0, xMax = 0.0;
    QMap<QString, QCPCurve*> curves;
    for (const auto& row : figure_.rows) {
        const int r = static_cast<int>(runs.indexOf(row.run));
        const QColor colour = seriesColor(r);
        const int band = row.mean ? 1 : bandCount - static_cast<int>(bands.indexOf(row.label));
        const double y = band + 0.3 - r * spread - (runs.size() > 1 ? 0.0 : 0.3);
        auto*& curve = curves[row.run + (row.mean ? QStringLiteral("#mean") : QString())];
        if (!curve) {
            curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
            curve->setLineStyle(QCPCurve::lsNone);
            curve->setScatterStyle(row.mean ? QCPScatterStyle(QCPScatterStyle::ssDiamond, colour, colour, 10)
                                            : QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 5));
            // Long run names take a second line rather than half the figure's width.
            QString name = row.run;
            if (name.size() > 28) name.replace(QStringLiteral(" ("), QStringLiteral("\n("));
            curve->setName(name);
            if (row.mean || curves.contains(row.run + QStringLiteral("#mean"))) curve->removeFromLegend();
        }
        curve->addData(curve->dataCount(), row.delta.value, y);
        if (std::isfinite(row.delta.low) && std::isfinite(row.delta.high)) {
            auto* bar = new QCPItemLine(plot_);
            bar->setProperty(kIntervalProperty, true);
            bar->start->setCoords(row.delta.low, y);
            bar->end->setCoords(row.delta.high, y);
            bar->setPen(QPen(colour, row.mean ? 2.4 : 1.3));
            xMin = std::min(xMin, row.delta.low);
            xMax = std::max(xMax, row.delta.high);
        }
        if (std::isfinite(row.delta.value)) {
            xMin = std::min(xMin, row.delta.value);
            xMax = std::max(xMax, row.delta.value);
        }
    }
    // One legend entry per run, whichever of its curves came first.
    plot_->legend->clearItems();
    for (const auto& run : runs)
        if (auto* c = curves.value(run, curves.value(run + QStringLiteral("#mean"), nullptr)))
            plot_->legend->addItem(new QCPPlottableLegendItem(plot_->legend, c));

    auto* zero = new QCPItemStraightLine(plot_);
    zero->point1->setCoords(0, 0);
    zero->point2->setCoords(0, 1);
    zero->setPen(QPen(QColor(80, 80, 80), 1, Qt::DashLine));
    if (hasMeans) {
        auto* separator = new QCPItemStraightLine(plot_);
        separator->point1->setCoords(0, 1.5);
        separator->point2->setCoords(1, 1.5);
        separator->setPen(QPen(QColor(170, 170, 170), 1, Qt::DotLine));
    }

    plot_->yAxis->setTicker(ticker);
    plot_->yAxis->setRange(0.4, bandCount + 0.6);
    QFont tickFont = font();
    tickFont.setPointSizeF(font().pointSizeF() * 0.85);
    plot_->yAxis->setTickLabelFont(tickFont);
    const double span = std::max(0.02, xMax - xMin);
    plot_->xAxis->setRange(xMin - 0.08 * span, xMax + 0.08 * span);
    plot_->replot();
}

}  // namespace cb::widgets
