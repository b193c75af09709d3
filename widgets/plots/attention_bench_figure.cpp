#include "widgets/plots/attention_bench_figure.h"

#include <QMap>
#include <QStringList>

#include <algorithm>

namespace cb::widgets {

OverlayFigureData attentionBenchFigure(const QVector<AttentionBenchRow>& rows, AttentionBenchMetric metric) {
    OverlayFigureData figure;
    figure.xTitle = QStringLiteral("Context length (tokens)");
    figure.logX = true;
    switch (metric) {
        case AttentionBenchMetric::Latency:
            figure.title = QStringLiteral("Attention latency versus context");
            figure.yTitle = QStringLiteral("Median latency (ms)");
            figure.logY = true;
            break;
        case AttentionBenchMetric::PeakMemory:
            figure.title = QStringLiteral("Attention peak memory versus context");
            figure.yTitle = QStringLiteral("Peak memory added by the call (MB)");
            figure.logY = true;
            break;
        case AttentionBenchMetric::Speedup:
            figure.title = QStringLiteral("Speed-up over full attention");
            figure.yTitle = QStringLiteral("Full attention's latency / this latency");
            break;
    }
    QStringList order;
    QMap<QString, CurveSeries> byImpl;
    QStringList devices;
    for (const auto& row : rows) {
        if (!byImpl.contains(row.impl)) {
            order << row.impl;
            byImpl[row.impl] = CurveSeries{row.impl, row.impl, {}};
        }
        if (!devices.contains(row.device)) devices << row.device;
        double y = row.medianMs;
        if (metric == AttentionBenchMetric::PeakMemory) y = row.peakMb;
        if (metric == AttentionBenchMetric::Speedup) y = row.speedup;
        if (metric == AttentionBenchMetric::Speedup && row.speedup <= 0.0) continue;  // no full run to compare with
        if (figure.logY && y <= 0.0) continue;  // nothing to place on a log axis
        byImpl[row.impl].points.push_back(CurvePoint{static_cast<double>(row.context), Interval{y, y, y}});
    }
    for (const auto& impl : order) {
        auto series = byImpl.value(impl);
        std::sort(series.points.begin(), series.points.end(), [](const CurvePoint& a, const CurvePoint& b) { return a.x < b.x; });
        if (!series.points.isEmpty()) figure.series.push_back(series);
    }
    figure.subtitle = devices.join(QStringLiteral(", "));
    return figure;
}

QVector<int> parseContextList(const QString& text) {
    QVector<int> contexts;
    for (const auto& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int value = part.trimmed().toInt(&ok);
        if (!ok || value <= 0) return {};
        contexts.push_back(value);
    }
    return contexts;
}

}  // namespace cb::widgets
