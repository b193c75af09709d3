#pragma once

#include "widgets/plots/figure_data.h"
#include "widgets/plots/figure_view.h"

#include <QSet>
#include <QWidget>

class QCustomPlot;
class QCPTextElement;
class QCPLegend;
class QCPAbstractLegendItem;
class QMouseEvent;

namespace cb::widgets {

// The Context Clues figure: mean AUROC over tasks versus context length on a log2 axis, with its
// 95% confidence band, and one thin line per task that a click on its legend entry hides or shows.
class AurocContextPlot : public QWidget, public FigureView {
    Q_OBJECT
public:
    explicit AurocContextPlot(QWidget* parent = nullptr);

    void setFigure(const AurocFigureData& figure);
    const AurocFigureData& figure() const { return figure_; }

    void setTaskLinesVisible(bool visible);
    bool taskLinesVisible() const { return taskLinesVisible_; }
    void setTaskVisible(const QString& id, bool visible);
    bool isTaskVisible(const QString& id) const;

    QCustomPlot* plot() const { return plot_; }
    QCustomPlot* figurePlot() const override { return plot_; }
    QString figureName() const override { return QStringLiteral("auroc_vs_context"); }
    QString figureCsv() const override;
    // Graphs currently drawn (band edges included): lets tests see what a user would see.
    int visibleGraphCount() const;

Q_SIGNALS:
    void taskVisibilityChanged(const QString& id, bool visible);

private:
    void rebuild();
    void onLegendClick(QCPLegend* legend, QCPAbstractLegendItem* item, QMouseEvent* event);

    QCustomPlot* plot_;
    QCPTextElement* title_;
    AurocFigureData figure_;
    QSet<QString> hiddenTasks_;
    bool taskLinesVisible_ = true;
};

}  // namespace cb::widgets
