#pragma once

#include "widgets/plots/figure_data.h"

#include <QWidget>

class QCustomPlot;
class QCPTextElement;

namespace cb::widgets {

// Curves with their 95% bands overlaid in one colour-blind-safe palette, one legend entry per curve;
// the x axis is logarithmic or linear at the user's choice.
class CurveOverlayPlot : public QWidget {
    Q_OBJECT
public:
    explicit CurveOverlayPlot(QWidget* parent = nullptr);

    void setFigure(const OverlayFigureData& figure);
    const OverlayFigureData& figure() const { return figure_; }
    void setLogX(bool logX);
    bool logX() const { return figure_.logX; }

    QCustomPlot* plot() const { return plot_; }
    int curveCount() const;  // lines drawn, bands not counted

private:
    void rebuild();

    QCustomPlot* plot_;
    QCPTextElement* title_;
    OverlayFigureData figure_;
};

}  // namespace cb::widgets
