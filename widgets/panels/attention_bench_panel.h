#pragma once

#include "widgets/panels/attention_bench_data.h"
#include "widgets/plots/figure_view.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace cb::widgets {

class CurvePanel;

// The attention benchmark: choose context lengths, CCA's g and s and the device, run, and read
// latency, peak memory or speed-up against full attention as curves that grow while it runs.
class AttentionBenchPanel : public QWidget, public FigureView {
    Q_OBJECT
public:
    explicit AttentionBenchPanel(QWidget* parent = nullptr);

    void setDevices(const QStringList& devices);  // the first is the default
    AttentionBenchRequest request() const;        // contexts empty when the list does not parse
    void clearRows();
    void addRow(const AttentionBenchRow& row);
    const QVector<AttentionBenchRow>& rows() const { return rows_; }
    void setRunning(bool running);
    void setMetric(AttentionBenchMetric metric);
    AttentionBenchMetric metric() const;

    QCustomPlot* figurePlot() const override;
    QString figureName() const override { return QStringLiteral("attention_benchmark"); }
    QString figureCsv() const override;

Q_SIGNALS:
    void runRequested(const cb::widgets::AttentionBenchRequest& request);
    void cancelRequested();

private:
    void redraw();

    QLineEdit* contexts_;
    QSpinBox* groupSize_;
    QSpinBox* window_;
    QComboBox* device_;
    QComboBox* metric_;
    QPushButton* run_;
    QPushButton* cancel_;
    CurvePanel* curves_;
    QVector<AttentionBenchRow> rows_;
};

}  // namespace cb::widgets
