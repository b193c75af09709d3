#pragma once

#include <QString>
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

}  // namespace cb::widgets
