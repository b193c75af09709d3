#pragma once

#include "widgets/plots/figure_data.h"
#include "widgets/plots/figure_view.h"

#include <QWidget>

class QComboBox;
class QLabel;

namespace cb::widgets {

class StrataPlot;

// The stratification view: which EHR property to stratify by, the figure, and the win rates of the
// longest versus the shortest context per quartile.
class StrataPanel : public QWidget, public FigureView {
    Q_OBJECT
public:
    explicit StrataPanel(QWidget* parent = nullptr);

    StrataPlot* plot() const { return plot_; }
    QString metric() const;  // "rr1", "irregularity", "length"
    void setMetric(const QString& metric);  // an unknown one is ignored
    void setFigure(const StrataFigureData& figure, const QString& winRates);
    // Shown instead of a figure when there is nothing to stratify yet.
    void setMessage(const QString& message);
    QString message() const;

    QCustomPlot* figurePlot() const override;
    QString figureName() const override { return QStringLiteral("brier_by_%1").arg(metric()); }
    QString figureCsv() const override;

Q_SIGNALS:
    void metricChanged(const QString& metric);

private:
    QComboBox* metric_;
    QLabel* note_;
    StrataPlot* plot_;
};

}  // namespace cb::widgets
