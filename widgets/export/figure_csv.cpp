#include "widgets/export/figure_csv.h"

#include <QStringList>

#include <cmath>

namespace cb::widgets {
namespace {

QString number(double v) { return std::isfinite(v) ? QString::number(v, 'g', 17) : QString(); }

// RFC 4180: quote a field holding a comma, a quote or a line break.
QString field(QString text) {
    if (text.contains(',') || text.contains('"') || text.contains('\n')) return '"' + text.replace('"', "\"\"") + '"';
    return text;
}

void seriesRows(QStringList& lines, const CurveSeries& series) {
    for (const auto& p : series.points)
        lines << QStringList{field(series.label), number(p.x), number(p.y.value), number(p.y.low), number(p.y.high)}.join(',');
}

QString joined(const QStringList& lines) { return lines.join('\n') + '\n'; }

}  // namespace

QString figureCsv(const AurocFigureData& figure) {
    QStringList lines{QStringLiteral("series,context,auroc,ci_low,ci_high")};
    seriesRows(lines, figure.mean);
    for (const auto& task : figure.tasks) seriesRows(lines, task);
    return joined(lines);
}

QString figureCsv(const OverlayFigureData& figure) {
    QStringList lines{QStringLiteral("series,x,y,ci_low,ci_high")};
    for (const auto& series : figure.series) seriesRows(lines, series);
    return joined(lines);
}

QString figureCsv(const ComparisonFigureData& figure) {
    QStringList lines{QStringLiteral("run,row,baseline_auroc,run_auroc,delta,ci_low,ci_high,examples")};
    for (const auto& r : figure.rows)
        lines << QStringList{field(r.run), field(r.label), number(r.baseline), number(r.other), number(r.delta.value),
                             number(r.delta.low), number(r.delta.high), QString::number(r.examples)}
                     .join(',');
    return joined(lines);
}

QString figureCsv(const StrataFigureData& figure) {
    QStringList lines{QStringLiteral("series,quartile,brier,ci_low,ci_high")};
    for (const auto& run : figure.runs) seriesRows(lines, run);
    return joined(lines);
}

}  // namespace cb::widgets
