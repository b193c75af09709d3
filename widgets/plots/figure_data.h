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

// Any number of curves with their bands on one pair of axes: runs overlaid from the results browser
// (mean AUROC versus context) and the per-position perplexity curves.
struct OverlayFigureData {
    QString title;
    QString subtitle;
    QString xTitle;
    QString yTitle;
    double logBase = 2.0;      // of the x axis when logX
    bool logX = true;
    bool logY = false;         // base 10
    QVector<CurveSeries> series;
};

// Paired differences against a baseline, one row per (run, task) and a bold row per run for the
// mean over tasks, drawn as a forest plot.
struct ForestRow {
    QString label;      // y tick text, e.g. "guo_los" or "Mean over tasks"
    QString run;        // which run the row belongs to (legend / table)
    Interval delta;
    double baseline = 0.0, other = 0.0;
    int examples = 0;
    bool mean = false;
};

struct ComparisonFigureData {
    QString title;
    QString subtitle;
    QString xTitle = QStringLiteral("ΔAUROC versus baseline (95% paired bootstrap CI)");
    QVector<ForestRow> rows;
    QStringList summary;  // one line per run: mean difference and win rate
};

}  // namespace cb::widgets
