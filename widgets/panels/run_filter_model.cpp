#include "widgets/panels/run_filter_model.h"

#include "widgets/panels/run_table_model.h"

#include <cmath>

namespace cb::widgets {

RunFilterModel::RunFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(RunTableModel::kSortRole);
}

void RunFilterModel::setField(Field field, const QString& value) {
    if (fields_[field] == value) return;
    fields_[field] = value;
    invalidateFilter();
}

void RunFilterModel::setText(const QString& text) {
    if (text_ == text) return;
    text_ = text;
    invalidateFilter();
}

void RunFilterModel::setRequireValue(bool require) {
    if (requireValue_ == require) return;
    requireValue_ = require;
    invalidateFilter();
}

bool RunFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    const auto* model = static_cast<const RunTableModel*>(sourceModel());
    const auto& r = model->rows()[sourceRow];
    if (requireValue_ && !std::isfinite(r.value)) return false;
    const QString context = QString::number(r.context);
    const QString* values[FieldCount] = {&r.cohort, &r.model, &context, &r.attention, &r.kindLabel};
    for (int f = 0; f < FieldCount; ++f)
        if (!fields_[f].isEmpty() && *values[f] != fields_[f]) return false;
    if (text_.isEmpty()) return true;
    for (int c = 0; c < RunTableModel::ColumnCount; ++c)
        if (model->index(sourceRow, c).data().toString().contains(text_, Qt::CaseInsensitive)) return true;
    return false;
}

}  // namespace cb::widgets
