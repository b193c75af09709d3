#pragma once

#include "widgets/plots/figure_data.h"

#include <QString>
#include <QVector>

namespace cb::widgets {

// A model of the open workspace the LIFT-on-timelines panel can choose.
struct ModelChoiceData {
    QString label;  // e.g. "Llama · 512 tokens"
    QString path;
    int context = 0;
};

struct TimelineLiftSettingsData {
    QString shortModel, longModel;  // longModel empty: no long-context comparison
    int patients = 40;              // labelled patients from each split
    int epochs = 2;
    int loraRank = 8;               // 0: full fine-tuning
    double learningRate = 1e-3;
    int replicates = 200;
};

struct TimelineLiftRowData {
    QString task;
    bool evaluated = false;
    QString skipReason;
    Interval base, lift, longContext;
    int testCount = 0, testPositives = 0;
};

struct TimelineLiftResultData {
    QVector<TimelineLiftRowData> rows;
    Interval meanBase, meanLift, meanLong;
    bool hasLong = false;
    int context = 0, longContext = 0;
    QString note;  // examples, patients and cost
};

}  // namespace cb::widgets
