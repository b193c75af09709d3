#pragma once

#include <QString>
#include <QVector>

namespace cb::widgets {

// One measurement of the attention benchmark, as the panel draws it.
struct AttentionBenchRow {
    QString impl;  // e.g. "full", "CCA g16 s1024"
    int context = 0;
    double medianMs = 0.0;
    double peakMb = 0.0;
    double speedup = 0.0;  // full's median over this one, measured in the same run
    QString device;
    QString path;    // the implementation that ran, e.g. "cpu-tiled", "cuda-fused", "blocked", "sdpa"
    QString notice;  // why a fast path declined, if one did
};

// What the user asks to measure.
struct AttentionBenchRequest {
    QVector<int> contexts;
    int groupSize = 16;
    int localWindow = 1024;
    QString device;  // "cpu" or "cuda"
};

enum class AttentionBenchMetric { Latency, PeakMemory, Speedup };

}  // namespace cb::widgets
