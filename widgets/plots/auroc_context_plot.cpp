#include "widgets/plots/auroc_context_plot.h"

#include "widgets/export/figure_csv.h"
#include "widgets/plots/palette.h"
#include "widgets/plots/plot_frame.h"

#include "widgets/plots/qcustomplot.h"

#include <algorithm>
#include <cmath>

namespace cb::widgets {
namespace {

constexpr const char* kTaskProperty = "contextbench_task";

}  // namespace

AurocContextPlot::AurocContextPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    // Layout: the title spans the full width on top; below it the axes and, in a column of its own,
    // the legend, so fourteen task entries never cover the curves and a long subtitle is never cut.
    title_ = hostFigure(this, plot_);
    auto* rect = plot_->axisRect();

    QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
    ticker->setLogBase(2);
    ticker->setSubTickCount(0);
    rect->axis(QCPAxis::atBottom)->setScaleType(QCPAxis::stLogarithmic);
    rect->axis(QCPAxis::atBottom)->setTicker(ticker);
    rect->axis(QCPAxis::atBottom)->setNumberFormat("f");
    rect->axis(QCPAxis::atBottom)->setNumberPrecision(0);
    rect->axis(QCPAxis::atBottom)->setLabel("Context length (tokens, log scale)");
    rect->axis(QCPAxis::atLeft)->setLabel("AUROC");
    connect(plot_, &QCustomPlot::legendClick, this, &AurocContextPlot::onLegendClick);
    rebuild();
}

void AurocContextPlot::setFigure(const AurocFigureData& figure) {
    figure_ = figure;
    rebuild();
}

QString AurocContextPlot::figureCsv() const { return widgets::figureCsv(figure_); }

void AurocContextPlot::setTaskLinesVisible(bool visible) {
    taskLinesVisible_ = visible;
    rebuild();
}

void AurocContextPlot::setTaskVisible(const QString& id, bool visible) {
    if (visible) hiddenTasks_.remove(id);
    else hiddenTasks_.insert(id);
    rebuild();
    Q_EMIT taskVisibilityChanged(id, visible);
}

bool AurocContextPlot::isTaskVisible(const QString& id) const { return taskLinesVisible_ && !hiddenTasks_.contains(id); }

int AurocContextPlot::visibleGraphCount() const {
    int n = 0;
    for (int i = 0; i < plot_->graphCount(); ++i)
        if (plot_->graph(i)->visible() && plot_->graph(i)->dataCount() > 0) ++n;
    return n;
}

void AurocContextPlot::onLegendClick(QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
    auto* plItem = qobject_cast<QCPPlottableLegendItem*>(item);
    if (!plItem) return;
    const QString id = plItem->plottable()->property(kTaskProperty).toString();
    if (id.isEmpty()) return;
    setTaskVisible(id, hiddenTasks_.contains(id));
}

void AurocContextPlot::rebuild() {
    plot_->clearGraphs();
    title_->setText(figure_.subtitle.isEmpty() ? figure_.title : figure_.title + "\n" + figure_.subtitle);
    auto* x = plot_->xAxis;
    auto* y = plot_->yAxis;

    double xMin = 1e300, xMax = 0, yMin = 1.0, yMax = 0.0;
    auto extend = [&](const CurvePoint& p, bool useBand) {
        xMin = std::min(xMin, p.x);
        xMax = std::max(xMax, p.x);
        const double lo = useBand && std::isfinite(p.y.low) ? p.y.low : p.y.value;
        const double hi = useBand && std::isfinite(p.y.high) ? p.y.high : p.y.value;
        if (std::isfinite(lo)) yMin = std::min(yMin, lo);
        if (std::isfinite(hi)) yMax = std::max(yMax, hi);
    };

    // Task lines first so the mean and its band draw on top.
    for (int i = 0; i < figure_.tasks.size(); ++i) {
        const auto& series = figure_.tasks[i];
        auto* g = plot_->addGraph();
        g->setName(series.label);
        g->setProperty(kTaskProperty, series.id);
        QPen pen = seriesPen(i, 1.3);
        g->setPen(pen);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, pen.color(), pen.color(), 4));
        for (const auto& p : series.points) {
            g->addData(p.x, p.y.value);
            if (isTaskVisible(series.id)) extend(p, false);
        }
        g->setVisible(isTaskVisible(series.id));
        if (auto* item = plot_->legend->itemWithPlottable(g)) {
            item->setTextColor(isTaskVisible(series.id) ? QColor(40, 40, 40) : QColor(170, 170, 170));
            if (!taskLinesVisible_) plot_->legend->removeItem(item);
        }
    }

    if (!figure_.mean.points.isEmpty()) {
        const auto curve = addBandedLine(plot_, figure_.mean.label.isEmpty() ? QStringLiteral("Mean over tasks") : figure_.mean.label,
                                         QPen(meanColor(), 2.6), 45, true);
        auto* mean = curve.line;
        auto* high = curve.band;
        auto* low = high->channelFillGraph();
        high->setName("95% CI");
        mean->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, meanColor(), meanColor(), 7));
        for (const auto& p : figure_.mean.points) {
            low->addData(p.x, std::isfinite(p.y.low) ? p.y.low : p.y.value);
            high->addData(p.x, std::isfinite(p.y.high) ? p.y.high : p.y.value);
            mean->addData(p.x, p.y.value);
            extend(p, true);
        }
        // Mean and band lead the legend.
        plot_->legend->clearItems();
        plot_->legend->addItem(new QCPPlottableLegendItem(plot_->legend, mean));
        plot_->legend->addItem(new QCPPlottableLegendItem(plot_->legend, high));
        if (taskLinesVisible_)
            for (int i = 0; i < figure_.tasks.size(); ++i) {
                auto* g = plot_->graph(i);
                auto* item = new QCPPlottableLegendItem(plot_->legend, g);
                item->setTextColor(isTaskVisible(figure_.tasks[i].id) ? QColor(40, 40, 40) : QColor(170, 170, 170));
                plot_->legend->addItem(item);
            }
    }

    if (xMax <= 0) {
        x->setRange(256, 8192);
        y->setRange(0.4, 1.0);
    } else {
        x->setRange(xMin / 1.35, xMax * 1.35);
        const double pad = std::max(0.02, 0.08 * (yMax - yMin));
        y->setRange(std::max(0.0, yMin - pad), std::min(1.0, yMax + pad));
    }
    plot_->replot();
}

}  // namespace cb::widgets
