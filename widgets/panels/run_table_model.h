#pragma once

#include "widgets/panels/results_data.h"

#include <QAbstractTableModel>

namespace cb::widgets {

// Cached runs as table rows. Display text is formatted; kSortRole holds raw values so sorting is
// numeric where it should be (and a missing value sorts last).
class RunTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Kind, Cohort, Model, Context, Attention, Value, Interval, Seconds, Created, ColumnCount };
    static constexpr int kSortRole = Qt::UserRole;
    static constexpr int kIdRole = Qt::UserRole + 1;

    explicit RunTableModel(QObject* parent = nullptr);
    void setRows(const QVector<RunRowData>& rows);
    const QVector<RunRowData>& rows() const { return rows_; }
    const RunRowData* rowById(qint64 id) const;
    void setValueTitle(const QString& title);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVector<RunRowData> rows_;
    QHash<qint64, int> rowOfId_;
    QString valueTitle_ = tr("Mean AUROC");
};

}  // namespace cb::widgets
