#pragma once

#include "core/analysis/cohort_summary.h"
#include "core/analysis/context_sweep.h"
#include "core/analysis/example_properties.h"
#include "core/analysis/stratification.h"
#include "core/models/model_folder.h"
#include "core/store/result_store.h"
#include "core/tokenize/code_tokenizer.h"
#include "widgets/panels/model_info_panel.h"
#include "widgets/panels/panel_data.h"
#include "widgets/plots/figure_data.h"

#include <QString>
#include <vector>

namespace cb::app {

// Core results -> the plain data the widgets draw. The only place the two vocabularies meet.
widgets::AurocFigureData toAurocFigure(const std::vector<ContextPoint>& points, const QString& cohortName);
widgets::CohortPanelData toCohortPanel(const CohortSummary& summary);
widgets::ModelRowData toModelRow(const ModelRecord& model);
widgets::StrataFigureData toStrataFigure(const StratificationResult& result, const QString& cohortName);
// "Llama 4096 vs 512: longer context has the lower Brier in 57% / 50% / ... of tasks (Q1..Q4)".
QString winRateSummary(const StratificationResult& result);
// What the model panel shows; `coverage` from tokenizing the open cohort with the model's vocabulary.
widgets::ModelInfoData toModelInfo(const OpenedModel& model, const OovReport* coverage);
// One row per patient, from timeline properties (gap statistics converted to days).
QVector<widgets::PatientRowData> toPatientRows(const Cohort& cohort, const std::vector<ExampleProperties>& properties);

}  // namespace cb::app
