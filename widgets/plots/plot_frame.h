#pragma once

#include <QFont>
#include <QPen>

class QCustomPlot;
class QWidget;
class QCPAxis;
class QCPTextElement;
class QCPGraph;

namespace cb::widgets {

// The layout every ContextBench figure shares: a title across the top, the axes below it and the
// legend in a column of its own to their right, so long legends never cover the data and exports
// look the same whatever the figure.
QCPTextElement* frameFigure(QCustomPlot* plot, const QFont& baseFont);

// Fills `host` with `plot` edge to edge, gives the host a figure's minimum size, and frames the
// figure (frameFigure); returns the title element.
QCPTextElement* hostFigure(QWidget* host, QCustomPlot* plot);

// Moves a framed figure's legend under the axes, in two columns, or back into its column on the
// right. A narrow export puts it below so the axes keep the figure's width. Figures not laid out by
// frameFigure are left as they are; returns whether the legend moved.
bool placeLegendBelow(QCustomPlot* plot, bool below);

// Quiet grey axes and a light grid.
void styleAxis(QCPAxis* axis);

// A line with its confidence band: two pen-less edge graphs filled between, then the line on top.
// Returns the line; the band's upper edge is named "<name> 95% CI" and kept out of the legend unless
// `bandInLegend`.
struct BandedLine {
    QCPGraph* line = nullptr;
    QCPGraph* band = nullptr;
};
BandedLine addBandedLine(QCustomPlot* plot, const QString& name, const QPen& pen, int bandAlpha, bool bandInLegend);

}  // namespace cb::widgets
