#pragma once

#include "widgets/plots/figure_data.h"

#include <QWidget>

class QCustomPlot;
class QCPTextElement;

namespace cb::widgets {

// The stratification figure of Context Clues: quartiles of an EHR property on x, Brier score on y,
// one line per run with its 95% band, so a model that degrades on the most repetitive or irregular
// patients shows as a rising line.
class StrataPlot : public QWidget {
    Q_OBJECT
public:
    explicit StrataPlot(QWidget* parent = nullptr);

    void setFigure(const StrataFigureData& figure);
    const StrataFigureData& figure() const { return figure_; }
    QCustomPlot* plot() const { return plot_; }
    int lineCount() const;  // runs drawn

private:
    void rebuild();

    QCustomPlot* plot_;
    QCPTextElement* title_;
    StrataFigureData figure_;
};

}  // namespace cb::widgets
