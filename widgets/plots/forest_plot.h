#pragma once

#include "widgets/plots/figure_data.h"

#include <QWidget>

class QCustomPlot;
class QCPTextElement;

namespace cb::widgets {

// Paired differences against a baseline: one row per (run, task) with its 95% interval as a
// horizontal bar, the mean over tasks of each run as a larger diamond, and a line at zero, so a
// row whose bar misses the line is a significant difference.
class ForestPlot : public QWidget {
    Q_OBJECT
public:
    explicit ForestPlot(QWidget* parent = nullptr);

    void setFigure(const ComparisonFigureData& figure);
    const ComparisonFigureData& figure() const { return figure_; }
    QCustomPlot* plot() const { return plot_; }
    int intervalCount() const;  // interval bars drawn

private:
    void rebuild();

    QCustomPlot* plot_;
    QCPTextElement* title_;
    ComparisonFigureData figure_;
};

}  // namespace cb::widgets
