#include "widgets/plots/plot_frame.h"

#include "widgets/plots/qcustomplot.h"

#include <QVBoxLayout>

namespace cb::widgets {

QCPTextElement* frameFigure(QCustomPlot* plot, const QFont& baseFont) {
    auto* rect = plot->axisRect();
    plot->plotLayout()->take(rect);
    plot->plotLayout()->simplify();
    auto* title = new QCPTextElement(plot, QString(), QFont(baseFont.family(), 11, QFont::Bold));
    title->setMargins(QMargins(4, 10, 4, 2));  // exports have no window frame above the title
    plot->plotLayout()->addElement(0, 0, title);
    auto* body = new QCPLayoutGrid;
    plot->plotLayout()->addElement(1, 0, body);
    body->addElement(0, 0, rect);

    plot->legend->setVisible(true);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setSelectableParts(QCPLegend::spItems);
    auto* legendColumn = new QCPLayoutGrid;
    body->addElement(0, 1, legendColumn);
    rect->insetLayout()->take(plot->legend);
    legendColumn->addElement(0, 0, plot->legend);
    legendColumn->addElement(1, 0, new QCPLayoutElement(plot));  // pushes the legend to the top
    legendColumn->setRowStretchFactor(0, 0.001);
    legendColumn->setMargins(QMargins(0, 10, 5, 0));
    body->setColumnStretchFactor(1, 0.001);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    styleAxis(rect->axis(QCPAxis::atBottom));
    styleAxis(rect->axis(QCPAxis::atLeft));
    return title;
}

bool placeLegendBelow(QCustomPlot* plot, bool below) {
    auto* body = plot->plotLayout()->rowCount() == 2 ? qobject_cast<QCPLayoutGrid*>(plot->plotLayout()->element(1, 0)) : nullptr;
    if (!body || body->columnCount() < 2) return false;
    auto* column = qobject_cast<QCPLayoutGrid*>(body->element(0, 1));
    auto* legend = plot->legend;
    if (!column) return false;
    const bool isBelow = body->rowCount() > 1 && body->element(1, 0) == legend;
    if (below == isBelow) return false;
    if (below) {
        if (column->element(0, 0) != legend || !column->take(legend)) return false;
        column->addElement(0, 0, new QCPLayoutElement(plot));  // keeps the column's shape
        body->addElement(1, 0, legend);
        body->setRowStretchFactor(1, 0.001);
        legend->setWrap(2);  // before the order, which rearranges by it
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    } else {
        body->take(legend);
        body->simplify();
        auto* placeholder = column->element(0, 0);
        if (placeholder) {
            column->take(placeholder);
            delete placeholder;
        }
        column->addElement(0, 0, legend);
        legend->setWrap(0);
        legend->setFillOrder(QCPLayoutGrid::foRowsFirst);
        legend->simplify();
    }
    return true;
}

QCPTextElement* hostFigure(QWidget* host, QCustomPlot* plot) {
    auto* layout = new QVBoxLayout(host);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot);
    host->setMinimumSize(420, 300);
    return frameFigure(plot, host->font());
}

void styleAxis(QCPAxis* axis) {
    axis->setBasePen(QPen(QColor(90, 90, 90)));
    axis->setTickPen(QPen(QColor(90, 90, 90)));
    axis->setSubTickPen(QPen(QColor(150, 150, 150)));
    axis->grid()->setPen(QPen(QColor(225, 225, 225), 1, Qt::SolidLine));
    axis->grid()->setSubGridVisible(false);
}

BandedLine addBandedLine(QCustomPlot* plot, const QString& name, const QPen& pen, int bandAlpha, bool bandInLegend) {
    auto* low = plot->addGraph();
    auto* high = plot->addGraph();
    auto* line = plot->addGraph();
    QColor fill = pen.color();
    fill.setAlpha(bandAlpha);
    low->setPen(Qt::NoPen);
    high->setPen(Qt::NoPen);
    high->setBrush(fill);
    high->setChannelFillGraph(low);
    high->setName(name + " 95% CI");
    plot->legend->removeItem(plot->legend->itemWithPlottable(low));
    if (!bandInLegend) plot->legend->removeItem(plot->legend->itemWithPlottable(high));
    line->setName(name);
    line->setPen(pen);
    return {line, high};
}

}  // namespace cb::widgets
