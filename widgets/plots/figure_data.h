#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace cb::widgets {

// Plain figure data the views draw; the application fills it from core results, so widgets never
// see a core or LibTorch type.
struct Interval {
    double value = 0.0;
    double low = 0.0;
    double high = 0.0;
};

struct CurvePoint {
    double x = 0.0;
    Interval y;
};

struct CurveSeries {
    QString id;      // stable key, e.g. a task name
    QString label;   // legend text
    QVector<CurvePoint> points;
};

struct AurocFigureData {
    QString title;
    QString subtitle;        // e.g. "synthetic-2000-seed42 · Llama · full attention"
    CurveSeries mean;        // drawn thick with its confidence band
    QVector<CurveSeries> tasks;  // thin lines, toggled from the legend
};

// Brier score per quartile of an EHR property, one line per (model, context, attention) run.
struct StrataFigureData {
    QString title;
    QString subtitle;
    QString xTitle;             // e.g. "Repetition (rr_1) quartile"
    QString yTitle = QStringLiteral("Brier score (macro-average over tasks)");
    QStringList quartileLabels;  // tick text per quartile, e.g. "Q1\n0.12-0.31"
    QVector<CurveSeries> runs;   // x = quartile index 1..4
};

}  // namespace cb::widgets
