#pragma once

#include "widgets/panels/panel_data.h"

#include <QAbstractTableModel>

namespace cb::widgets {

// Patients and their properties as table rows. Display text is formatted; Qt::UserRole holds the raw
// number so a sort proxy orders numerically (and NaN, an undefined statistic, last).
class PatientTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Subject, Split, Events, Tokens, Rr1, Rr2, Rr3, Rr4, RrGeoMean, GapStd, GapMean, GapIqr, ColumnCount };
    static constexpr int kSortRole = Qt::UserRole;

    explicit PatientTableModel(QObject* parent = nullptr);
    void setRows(const QVector<PatientRowData>& rows);
    const QVector<PatientRowData>& rows() const { return rows_; }
    static double value(const PatientRowData& row, int column);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVector<PatientRowData> rows_;
};

}  // namespace cb::widgets
