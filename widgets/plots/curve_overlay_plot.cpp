#include "widgets/plots/curve_overlay_plot.h"

#include "widgets/plots/palette.h"
#include "widgets/plots/plot_frame.h"
#include "widgets/plots/qcustomplot.h"


#include <algorithm>
#include <cmath>

namespace cb::widgets {

CurveOverlayPlot::CurveOverlayPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    title_ = hostFigure(this, plot_);
    rebuild();
}

void CurveOverlayPlot::setFigure(const OverlayFigureData& figure) {
    figure_ = figure;
    rebuild();
}

void CurveOverlayPlot::setLogX(bool logX) {
    figure_.logX = logX;
    rebuild();
}

int CurveOverlayPlot::curveCount() const {
    int n = 0;
    for (int i = 0; i < plot_->graphCount(); ++i)
        if (plot_->graph(i)->pen().style() != Qt::NoPen && plot_->graph(i)->dataCount() > 0) ++n;
    return n;
}

void CurveOverlayPlot::rebuild() {
    plot_->clearPlottables();  // graphs and their error bars
    plot_->legend->clearItems();
    title_->setText(figure_.subtitle.isEmpty() ? figure_.title : figure_.title + "\n" + figure_.subtitle);
    auto* x = plot_->xAxis;
    auto* y = plot_->yAxis;
    x->setLabel(figure_.xTitle);
    y->setLabel(figure_.yTitle);
    // A log axis cannot show x <= 0 (token index 0): such points shift to the axis' first decade.
    const bool logX = figure_.logX;
    if (logX) {
        QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
        ticker->setLogBase(figure_.logBase);
        ticker->setSubTickCount(figure_.logBase == 10.0 ? 8 : 0);
        x->setScaleType(QCPAxis::stLogarithmic);
        x->setTicker(ticker);
        x->setNumberFormat("g");
    } else {
        x->setScaleType(QCPAxis::stLinear);
        x->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        x->setNumberFormat("g");
    }
    x->setNumberPrecision(6);
    if (figure_.logY) {
        QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
        ticker->setLogBase(10);
        ticker->setSubTickCount(8);
        y->setScaleType(QCPAxis::stLogarithmic);
        y->setTicker(ticker);
    } else {
        y->setScaleType(QCPAxis::stLinear);
        y->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    y->setNumberFormat("g");

    double xMin = 1e300, xMax = -1e300, yMin = 1e300, yMax = -1e300;
    for (int i = 0; i < figure_.series.size(); ++i) {
        const auto& series = figure_.series[i];
        const QColor color = seriesColor(i);
        QPen pen(color, 2.0);
        const auto curve = addBandedLine(plot_, series.label, pen, 40, false);
        auto* low = curve.band->channelFillGraph();
        const bool markers = series.points.size() <= 24;
        QCPErrorBars* bars = nullptr;
        if (markers) {
            // Few points: each carries its interval as a bar too, so one context alone still shows it.
            curve.line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 6));
            bars = new QCPErrorBars(x, y);
            bars->setDataPlottable(curve.line);
            bars->setPen(QPen(color, 1.2));
            bars->removeFromLegend();
        }
        auto points = series.points;
        std::sort(points.begin(), points.end(), [](const CurvePoint& a, const CurvePoint& b) { return a.x < b.x; });
        // Curves with markers step slightly apart on a log axis so intervals at the same context do not
        // hide each other (the CSV keeps the exact x).
        const double dodge = markers && logX && figure_.series.size() > 1
                                 ? std::pow(figure_.logBase, 0.05 * (i - (figure_.series.size() - 1) / 2.0))
                                 : 1.0;
        for (const auto& p : points) {
            const double px = (logX && p.x <= 0 ? 1.0 : p.x) * dodge;
            const double lo = std::isfinite(p.y.low) ? p.y.low : p.y.value;
            const double hi = std::isfinite(p.y.high) ? p.y.high : p.y.value;
            low->addData(px, lo);
            curve.band->addData(px, hi);
            curve.line->addData(px, p.y.value);
            if (bars) bars->addData(std::max(0.0, p.y.value - lo), std::max(0.0, hi - p.y.value));
            xMin = std::min(xMin, px);
            xMax = std::max(xMax, px);
            if (std::isfinite(lo)) yMin = std::min(yMin, lo);
            if (std::isfinite(hi)) yMax = std::max(yMax, hi);
        }
    }
    if (xMax < xMin) {
        x->setRange(logX ? 1 : 0, logX ? 1000 : 1);
        y->setRange(0, 1);
    } else {
        if (logX) {
            // At least two powers of the base across, so a single context still gets labelled ticks.
            const double centre = std::sqrt(xMin * xMax);
            const double half = std::max(std::sqrt(xMax / xMin) * 1.3, figure_.logBase);
            x->setRange(centre / half, centre * half);
        }
        else x->setRange(xMin - 0.03 * (xMax - xMin + 1), xMax + 0.03 * (xMax - xMin + 1));
        if (figure_.logY && yMin > 0) {
            y->setRange(yMin / 1.3, yMax * 1.3);
        } else {
            const double pad = std::max(1e-3, 0.08 * (yMax - yMin));
            y->setRange(yMin - pad, yMax + pad);
        }
    }
    plot_->replot();
}

}  // namespace cb::widgets
