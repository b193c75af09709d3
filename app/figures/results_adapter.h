#pragma once

#include "core/analysis/paired_comparison.h"
#include "core/analysis/perplexity_store.h"
#include "core/analysis/run_catalog.h"
#include "widgets/panels/results_data.h"
#include "widgets/plots/figure_data.h"

#include <QString>

#include <map>
#include <vector>

namespace cb::app {

// Results-store content -> what the browser, the overlay, the perplexity and the comparison views draw.

// "AUROC vs context", "Per-position perplexity", or the kind itself.
QString runKindLabel(const std::string& kind);
// "Llama 4096 · full" (with the cohort's name when `withCohort`).
QString runLabel(const RunListing& run, bool withCohort = false);

// runLabel of each run plus its id, with the cohort's name when the runs span several cohorts.
std::map<std::int64_t, QString> runLabels(const std::vector<RunListing>& runs);

// `chosen` holds the browser's chosen task metric by run id; null shows each run's mean AUROC.
QVector<widgets::RunRowData> toRunRows(const std::vector<RunListing>& runs, const MetricsByRun* chosen);

// AUROC-versus-context runs grouped into one curve per (cohort, architecture, attention), x = context;
// `chosen` as for toRunRows, `valueTitle` names it on the y axis.
widgets::OverlayFigureData toAurocOverlay(const std::vector<RunListing>& runs, const MetricsByRun* chosen,
                                          const QString& valueTitle);

// One curve per perplexity run, x = token index; `labels` by run id (runLabel of its listing).
widgets::OverlayFigureData toPerplexityFigure(const std::vector<StoredPerplexity>& curves, const std::map<std::int64_t, QString>& labels);

// Forest-plot rows per compared run: its tasks, then its mean over tasks; a summary line per run.
widgets::ComparisonFigureData toComparisonFigure(const std::vector<RunComparison>& comparisons,
                                                 const std::map<std::int64_t, QString>& labels, int replicates);

}  // namespace cb::app
