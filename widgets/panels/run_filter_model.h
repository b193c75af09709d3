#pragma once

#include <QSortFilterProxyModel>

namespace cb::widgets {

// The browser's filters: exact matches on cohort, model, context, attention and analysis (an empty
// value allows all), free text matched against every column, and optionally only the runs that have
// the chosen task.
class RunFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum Field { Cohort, Model, Context, Attention, Kind, FieldCount };

    explicit RunFilterModel(QObject* parent = nullptr);
    void setField(Field field, const QString& value);
    QString field(Field field) const { return fields_[field]; }
    void setText(const QString& text);
    // Only runs that have a value in the metric column (a task was chosen: runs without it go).
    void setRequireValue(bool require);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString fields_[FieldCount];
    QString text_;
    bool requireValue_ = false;
};

}  // namespace cb::widgets
