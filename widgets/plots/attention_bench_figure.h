#pragma once

#include "widgets/panels/attention_bench_data.h"
#include "widgets/plots/figure_data.h"

namespace cb::widgets {

// The benchmark's curves for one metric: one series per implementation, x the context length (log 2),
// latency and memory on a log y axis; for speed-up, every implementation against full attention,
// whose own line is the 1x reference.
OverlayFigureData attentionBenchFigure(const QVector<AttentionBenchRow>& rows, AttentionBenchMetric metric);

// "1024, 4096,16384" -> {1024, 4096, 16384}; empty when any entry is not a positive whole number.
QVector<int> parseContextList(const QString& text);

}  // namespace cb::widgets
