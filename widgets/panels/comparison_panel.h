#pragma once

#include "widgets/plots/figure_data.h"
#include "widgets/plots/figure_view.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace cb::widgets {

class ForestPlot;

// Paired comparisons against a baseline: the forest plot, the same numbers as a table, and per run
// the mean difference and the win rate across tasks.
class ComparisonPanel : public QWidget, public FigureView {
    Q_OBJECT
public:
    explicit ComparisonPanel(QWidget* parent = nullptr);

    void setFigure(const ComparisonFigureData& figure);
    void setMessage(const QString& message);
    ForestPlot* plot() const { return plot_; }
    QTableWidget* table() const { return table_; }
    QString summary() const;

    QCustomPlot* figurePlot() const override;
    QString figureName() const override { return QStringLiteral("paired_comparison"); }
    QString figureCsv() const override;

private:
    ForestPlot* plot_;
    QTableWidget* table_;
    QLabel* summary_;
};

}  // namespace cb::widgets
