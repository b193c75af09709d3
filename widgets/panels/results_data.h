#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

#include <cmath>

namespace cb::widgets {

// One cached run as the results browser lists it; plain data the application fills from the store.
struct RunRowData {
    qint64 id = 0;
    QString kind;          // "context_auroc", "position_ppl"
    QString kindLabel;     // "AUROC vs context", "Per-position perplexity"
    QString cohort;        // name, or a hash prefix
    QString architecture;  // HF class name
    QString model;         // display name, e.g. "Llama"
    int context = 0;
    QString attention;
    double value = std::nan("");  // the chosen task's metric (NaN: the run has none)
    double low = std::nan(""), high = std::nan("");
    double seconds = 0.0;
    QString created;
    QString status;
    QString modelPath;
    bool modelMissing = false;
};

// The metric column's choice: a task (empty: the mean over tasks) and a metric.
struct MetricChoice {
    QString task;
    QString metric = QStringLiteral("auroc");
    bool operator==(const MetricChoice&) const = default;
};

}  // namespace cb::widgets
