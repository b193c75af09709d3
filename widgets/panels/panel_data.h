#pragma once

#include <QPair>
#include <QString>
#include <QVector>

namespace cb::widgets {

struct TaskLabelInfo {
    QString task;
    qint64 labels = 0, positives = 0;
};

struct CohortPanelData {
    QString name, source, hash;
    qint64 patients = 0, events = 0, tokens = 0;
    qint64 train = 0, tuning = 0, heldOut = 0;
    qint64 vocabularySize = 0, unknownEvents = 0;
    QVector<qint64> tokensPerPatient;
    QVector<QPair<QString, qint64>> topUnknownCodes;
    QVector<TaskLabelInfo> tasks;
};

struct ModelRowData {
    QString architecture;
    int context = 0;
    qint64 parameters = 0;
    int steps = 0;
    double initialLoss = 0.0, finalLoss = 0.0;
    double seconds = 0.0;
    QString path;
};

// One patient's EHR properties over its whole timeline, for the patient table.
struct PatientRowData {
    qint64 subject = 0;
    QString split;
    qint64 events = 0, tokens = 0;
    double rr[4] = {0, 0, 0, 0};
    double rrGeoMean = 0.0;
    double gapStdDays = 0.0, gapMeanDays = 0.0, gapIqrDays = 0.0;  // NaN where undefined
};

}  // namespace cb::widgets
