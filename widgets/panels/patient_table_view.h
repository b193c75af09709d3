#pragma once

#include "widgets/panels/panel_data.h"

#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace cb::widgets {

class PatientTableModel;

// Every patient with its EHR properties in a sortable table, and the distribution of the property
// chosen in the combo box (or of the column last sorted by) as a histogram.
class PatientTableView : public QWidget {
    Q_OBJECT
public:
    explicit PatientTableView(QWidget* parent = nullptr);
    void setPatients(const QVector<PatientRowData>& rows);

    QTableView* table() const { return table_; }
    QCustomPlot* histogram() const { return histogram_; }
    int histogramColumn() const;
    void setHistogramColumn(int column);
    // Bin counts currently drawn, for tests.
    QVector<double> binCounts() const { return binCounts_; }

private:
    void redrawHistogram();

    PatientTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QComboBox* property_;
    QLabel* summary_;
    QCustomPlot* histogram_;
    QVector<double> binCounts_;
};

}  // namespace cb::widgets
