#include "widgets/plots/strata_plot.h"

#include "widgets/plots/palette.h"
#include "widgets/plots/plot_frame.h"
#include "widgets/plots/qcustomplot.h"


#include <algorithm>
#include <cmath>

namespace cb::widgets {

StrataPlot::StrataPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    title_ = hostFigure(this, plot_);
    rebuild();
}

void StrataPlot::setFigure(const StrataFigureData& figure) {
    figure_ = figure;
    rebuild();
}

int StrataPlot::lineCount() const {
    int n = 0;
    for (int i = 0; i < plot_->graphCount(); ++i)
        if (plot_->graph(i)->pen().style() != Qt::NoPen && plot_->graph(i)->dataCount() > 0) ++n;
    return n;
}

void StrataPlot::rebuild() {
    plot_->clearPlottables();
    plot_->legend->clearItems();
    title_->setText(figure_.subtitle.isEmpty() ? figure_.title : figure_.title + "\n" + figure_.subtitle);
    plot_->xAxis->setLabel(figure_.xTitle);
    plot_->yAxis->setLabel(figure_.yTitle);

    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int q = 0; q < figure_.quartileLabels.size(); ++q) ticker->addTick(q + 1, figure_.quartileLabels[q]);
    plot_->xAxis->setTicker(ticker);

    double yMin = 1e300, yMax = -1e300;
    for (int i = 0; i < figure_.runs.size(); ++i) {
        const auto& series = figure_.runs[i];
        const QPen pen = seriesPen(i, 2.0);
        const auto curve = addBandedLine(plot_, series.label, pen, 22, false);
        // Runs sit side by side within a quartile so overlapping intervals stay readable.
        const double dodge = figure_.runs.size() > 1 ? 0.16 * (i / (figure_.runs.size() - 1.0) - 0.5) : 0.0;
        curve.line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, pen.color(), pen.color(), 6));
        auto* low = curve.band->channelFillGraph();
        auto* bars = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
        bars->removeFromLegend();
        bars->setDataPlottable(curve.line);
        bars->setPen(QPen(pen.color(), 1.2));
        bars->setWhiskerWidth(5);
        for (const auto& p : series.points) {
            if (!std::isfinite(p.y.value)) continue;
            const double lo = std::isfinite(p.y.low) ? p.y.low : p.y.value;
            const double hi = std::isfinite(p.y.high) ? p.y.high : p.y.value;
            low->addData(p.x + dodge, lo);
            curve.band->addData(p.x + dodge, hi);
            curve.line->addData(p.x + dodge, p.y.value);
            bars->addData(p.y.value - lo, hi - p.y.value);
            yMin = std::min(yMin, lo);
            yMax = std::max(yMax, hi);
        }
    }
    plot_->xAxis->setRange(0.6, std::max<int>(4, static_cast<int>(figure_.quartileLabels.size())) + 0.4);
    if (yMin > yMax)
        plot_->yAxis->setRange(0.0, 0.25);
    else {
        const double pad = std::max(0.002, 0.08 * (yMax - yMin));
        plot_->yAxis->setRange(std::max(0.0, yMin - pad), yMax + pad);
    }
    plot_->replot();
}

}  // namespace cb::widgets
