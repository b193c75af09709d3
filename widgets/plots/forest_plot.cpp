#include "widgets/plots/forest_plot.h"

#include "widgets/plots/palette.h"
#include "widgets/plots/plot_frame.h"
#include "widgets/plots/qcustomplot.h"

#include <QMap>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace cb::widgets {
namespace {

constexpr const char* kIntervalProperty = "contextbench_interval";

}  // namespace

ForestPlot::ForestPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    setMinimumSize(420, 300);
    title_ = frameFigure(plot_, font());
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

    // Rows top to bottom in the order given; one colour per run.
    const int n = static_cast<int>(figure_.rows.size());
    QMap<QString, int> runColour;
    QVector<QString> runOrder;
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double xMin = 0.0, xMax = 0.0;
    QMap<QString, QCPCurve*> points, means;
    for (int i = 0; i < n; ++i) {
        const auto& row = figure_.rows[i];
        if (!runColour.contains(row.run)) {
            runColour.insert(row.run, static_cast<int>(runColour.size()));
            runOrder.push_back(row.run);
        }
        const QColor colour = seriesColor(runColour.value(row.run));
        const double y = n - i;
        ticker->addTick(y, row.label);
        auto*& curve = row.mean ? means[row.run] : points[row.run];
        if (!curve) {
            curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
            curve->setLineStyle(QCPCurve::lsNone);
            curve->setScatterStyle(row.mean ? QCPScatterStyle(QCPScatterStyle::ssDiamond, colour, colour, 11)
                                            : QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 6));
            curve->setName(row.mean ? row.run + QStringLiteral(" (mean)") : row.run);
            curve->removeFromLegend();
        }
        curve->addData(i, row.delta.value, y);
        if (std::isfinite(row.delta.low) && std::isfinite(row.delta.high)) {
            auto* bar = new QCPItemLine(plot_);
            bar->setProperty(kIntervalProperty, true);
            bar->start->setCoords(row.delta.low, y);
            bar->end->setCoords(row.delta.high, y);
            bar->setPen(QPen(colour, row.mean ? 2.6 : 1.4));
            xMin = std::min(xMin, row.delta.low);
            xMax = std::max(xMax, row.delta.high);
        }
        if (std::isfinite(row.delta.value)) {
            xMin = std::min(xMin, row.delta.value);
            xMax = std::max(xMax, row.delta.value);
        }
    }
    for (const auto& run : runOrder)
        if (auto* c = points.value(run, means.value(run, nullptr))) c->addToLegend();

    auto* zero = new QCPItemStraightLine(plot_);
    zero->point1->setCoords(0, 0);
    zero->point2->setCoords(0, 1);
    zero->setPen(QPen(QColor(80, 80, 80), 1, Qt::DashLine));

    plot_->yAxis->setTicker(ticker);
    plot_->yAxis->setRange(0.3, n + 0.7);
    const double span = std::max(0.02, xMax - xMin);
    plot_->xAxis->setRange(xMin - 0.08 * span, xMax + 0.08 * span);
    plot_->replot();
}

}  // namespace cb::widgets
