#include "widgets/panels/patient_table_model.h"

#include <QLocale>

#include <cmath>
#include <limits>

namespace cb::widgets {
namespace {

struct ColumnInfo {
    const char* title;
    const char* tip;
    int decimals;  // -1: integer
};

const ColumnInfo kColumns[] = {
    {"Subject", "subject_id", -1},
    {"Split", "train / tuning / held_out", -1},
    {"Events", "events in the timeline", -1},
    {"Tokens", "tokens the vocabulary makes of them", -1},
    {"rr₁", "share of distinct codes that repeat (copy-forwarding)", 3},
    {"rr₂", "share of distinct code bigrams that repeat", 3},
    {"rr₃", "share of distinct code trigrams that repeat", 3},
    {"rr₄", "share of distinct code 4-grams that repeat", 3},
    {"rr geo-mean", "geometric mean of rr₁..rr₄", 3},
    {"Gap std (d)", "irregularity: std of gaps between consecutive events, days", 1},
    {"Gap mean (d)", "mean gap between consecutive events, days", 1},
    {"Gap IQR (d)", "interquartile range of the gaps, days", 2},
};

}  // namespace

PatientTableModel::PatientTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void PatientTableModel::setRows(const QVector<PatientRowData>& rows) {
    beginResetModel();
    rows_ = rows;
    endResetModel();
}

double PatientTableModel::value(const PatientRowData& row, int column) {
    switch (column) {
        case Subject: return static_cast<double>(row.subject);
        case Events: return static_cast<double>(row.events);
        case Tokens: return static_cast<double>(row.tokens);
        case Rr1: case Rr2: case Rr3: case Rr4: return row.rr[column - Rr1];
        case RrGeoMean: return row.rrGeoMean;
        case GapStd: return row.gapStdDays;
        case GapMean: return row.gapMeanDays;
        case GapIqr: return row.gapIqrDays;
        default: return std::numeric_limits<double>::quiet_NaN();
    }
}

int PatientTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_.size(); }

int PatientTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PatientTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const auto& row = rows_[index.row()];
    const int column = index.column();
    if (column == Split) return role == Qt::DisplayRole || role == kSortRole ? QVariant(row.split) : QVariant();
    const double v = value(row, column);
    if (role == kSortRole) return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
    if (role == Qt::TextAlignmentRole) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    if (std::isnan(v)) return QStringLiteral("–");
    if (kColumns[column].decimals < 0) return column == Subject ? QString::number(row.subject) : QLocale().toString(static_cast<qlonglong>(v));
    return QString::number(v, 'f', kColumns[column].decimals);
}

QVariant PatientTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) return QString::fromUtf8(kColumns[section].title);
    if (role == Qt::ToolTipRole) return QString::fromUtf8(kColumns[section].tip);
    return {};
}

}  // namespace cb::widgets
