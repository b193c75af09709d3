#pragma once

#include "widgets/panels/panel_data.h"

#include <QWidget>

class QCustomPlot;
class QLabel;

namespace cb::widgets {

// The cohort at a glance: counts, splits, vocabulary and unknown codes, and the distribution of
// timeline lengths in tokens (log-spaced bins: lengths span three orders of magnitude).
class CohortSummaryView : public QWidget {
    Q_OBJECT
public:
    explicit CohortSummaryView(QWidget* parent = nullptr);
    void setSummary(const CohortPanelData& data);
    QCustomPlot* histogram() const { return histogram_; }
    QString countsText() const;

private:
    QLabel* counts_;
    QLabel* unknown_;
    QCustomPlot* histogram_;
};

}  // namespace cb::widgets
