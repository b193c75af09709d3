#pragma once

#include "widgets/plots/figure_data.h"
#include "widgets/plots/figure_view.h"

#include <QWidget>

class QCheckBox;
class QLabel;

namespace cb::widgets {

class CurveOverlayPlot;

// Overlaid curves with a log-x switch and a note under them: the runs overlaid from the browser, and
// the per-position perplexity curves.
class CurvePanel : public QWidget, public FigureView {
    Q_OBJECT
public:
    CurvePanel(QString figureName, QWidget* parent = nullptr);

    void setFigure(const OverlayFigureData& figure, const QString& note = {});
    void setMessage(const QString& message);  // shown instead of a figure
    QString note() const;
    CurveOverlayPlot* plot() const { return plot_; }
    QCheckBox* logXBox() const { return logX_; }

    QCustomPlot* figurePlot() const override;
    QString figureName() const override { return name_; }
    QString figureCsv() const override;

private:
    QString name_;
    CurveOverlayPlot* plot_;
    QCheckBox* logX_;
    QLabel* note_;
};

}  // namespace cb::widgets
