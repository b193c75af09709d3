#include "widgets/panels/run_table_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <limits>

namespace cb::widgets {

RunTableModel::RunTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunTableModel::setRows(const QVector<RunRowData>& rows) {
    beginResetModel();
    rows_ = rows;
    rowOfId_.clear();
    rowOfId_.reserve(rows_.size());
    for (int i = 0; i < rows_.size(); ++i) rowOfId_.insert(rows_[i].id, i);
    endResetModel();
}

const RunRowData* RunTableModel::rowById(qint64 id) const {
    const auto it = rowOfId_.constFind(id);
    return it == rowOfId_.constEnd() ? nullptr : &rows_[*it];
}

void RunTableModel::setValueTitle(const QString& title) {
    valueTitle_ = title;
    Q_EMIT headerDataChanged(Qt::Horizontal, Value, Value);
}

int RunTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int RunTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const auto& r = rows_[index.row()];
    const bool hasValue = std::isfinite(r.value);
    if (role == kIdRole) return r.id;
    if (role == kSortRole) {
        switch (index.column()) {
        case Id: return r.id;
        case Context: return r.context;
        case Value:
        case Interval: return hasValue ? r.value : std::numeric_limits<double>::infinity();
        case Seconds: return r.seconds;
        default: return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Id: return r.id;
        case Kind: return r.kindLabel;
        case Cohort: return r.cohort;
        case Model: return r.modelMissing ? tr("%1 (model missing)").arg(r.model) : r.model;
        case Context: return r.context > 0 ? QVariant(r.context) : QVariant(QStringLiteral("—"));
        case Attention: return r.attention;
        case Value: return hasValue ? QString::number(r.value, 'f', 3) : QStringLiteral("—");
        case Interval:
            return hasValue && std::isfinite(r.low) ? QStringLiteral("[%1, %2]").arg(r.low, 0, 'f', 3).arg(r.high, 0, 'f', 3)
                                                    : QStringLiteral("—");
        case Seconds: return QString::number(r.seconds, 'f', 1);
        case Created: return r.created;
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Model)
        return r.modelMissing ? tr("%1 is gone; the run's numbers are still cached and plot as before").arg(r.modelPath) : r.modelPath;
    if (role == Qt::ForegroundRole && r.modelMissing && index.column() == Model) return QBrush(QColor(170, 60, 0));
    if (role == Qt::FontRole && r.modelMissing && index.column() == Model) {
        QFont f;
        f.setItalic(true);
        return f;
    }
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Id:
        case Context:
        case Value:
        case Seconds: return int(Qt::AlignRight | Qt::AlignVCenter);
        default: return int(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    return {};
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Id: return tr("Run");
    case Kind: return tr("Analysis");
    case Cohort: return tr("Cohort");
    case Model: return tr("Model");
    case Context: return tr("Context");
    case Attention: return tr("Attention");
    case Value: return valueTitle_;
    case Interval: return tr("95% CI");
    case Seconds: return tr("Seconds");
    case Created: return tr("Created");
    default: return {};
    }
}

}  // namespace cb::widgets
