#include "app/cli/plot_output.h"

#include "app/figures/figure_adapter.h"
#include "app/figures/results_adapter.h"
#include "core/analysis/paired_comparison.h"
#include "core/analysis/perplexity_store.h"
#include "core/analysis/run_catalog.h"
#include "core/analysis/run_kinds.h"
#include "core/analysis/strata_from_store.h"
#include "core/common/error.h"
#include "widgets/export/figure_export.h"
#include "widgets/export/plot_exporter.h"
#include "widgets/panels/comparison_panel.h"
#include "widgets/panels/curve_panel.h"
#include "widgets/panels/strata_panel.h"
#include "widgets/plots/auroc_context_plot.h"
#include "widgets/plots/strata_plot.h"

#include <QApplication>
#include <QCheckBox>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <tuple>

namespace cb::cli {
namespace {

// QCustomPlot is a widget and needs a QApplication; a CLI run makes an offscreen one on demand.
QApplication& application() {
    static int argc = 1;
    static char name[] = "contextbench-cli";
    static char* argv[] = {name, nullptr};
    if (!std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 1);
    static std::unique_ptr<QApplication> app = std::make_unique<QApplication>(argc, argv);
    return *app;
}

}  // namespace

bool canRenderPlots() { return true; }

std::vector<std::string> renderContextFigure(const std::vector<ContextPoint>& points, const std::string& base,
                                             const std::string& title, const std::string& cohortName) {
    application();
    widgets::AurocContextPlot plot;
    auto figure = app::toAurocFigure(points, QString::fromStdString(cohortName));
    if (!title.empty()) figure.title = QString::fromStdString(title);
    plot.setFigure(figure);
    widgets::ExportSpec spec;  // double column, 300 DPI
    std::vector<std::string> written;
    for (const char* extension : {".png", ".pdf", ".svg"}) {
        const auto path = base + extension;
        const QString error = widgets::exportPlot(plot.plot(), QString::fromStdString(path), spec);
        if (!error.isEmpty()) throw Error(error.toStdString());
        written.push_back(path);
    }
    return written;
}

void renderStrataFigure(const StratificationResult& result, const std::string& path, const std::string& cohortName,
                        const std::string& sizeId) {
    application();
    widgets::StrataPlot plot;
    plot.setFigure(app::toStrataFigure(result, QString::fromStdString(cohortName)));
    widgets::ExportSpec spec;
    const auto* size = widgets::findReportSize(QString::fromStdString(sizeId));
    if (!size) throw Error("unknown figure size '" + sizeId + "' (expected single, double or slide)");
    spec.inches = size->inches;
    const QString error = widgets::exportPlot(plot.plot(), QString::fromStdString(path), spec);
    if (!error.isEmpty()) throw Error(error.toStdString());
}

}  // namespace cb::cli

namespace cb::cli {
namespace {

std::vector<RunListing> selectedRuns(ResultStore& store, const StorePlotRequest& request, const char* kind) {
    auto runs = filterRuns(listRuns(store), RunFilter::parse(request.filter));
    std::erase_if(runs, [&](const RunListing& r) { return r.kind != kind || r.status != "complete"; });
    if (runs.empty())
        throw Error(request.db + ": no complete " + std::string(kind) + " run matches the filter '" + request.filter + "'");
    std::reverse(runs.begin(), runs.end());  // oldest first: stable colours as runs are added
    return runs;
}

widgets::ExportSpec exportSpecOf(const std::string& sizeId, int dpi) {
    widgets::ExportSpec spec;
    if (dpi < 30 || dpi > 2400) throw Error("plot: --dpi must be between 30 and 2400 (got " + std::to_string(dpi) + ")");
    spec.dpi = dpi;
    const auto* size = widgets::findReportSize(QString::fromStdString(sizeId));
    if (!size) throw Error("unknown figure size '" + sizeId + "' (expected single, double or slide)");
    spec.inches = size->inches;
    return spec;
}

void write(const widgets::FigureView& view, const StorePlotRequest& request) {
    const QString error = widgets::exportFigureView(view, QString::fromStdString(request.out), exportSpecOf(request.size, request.dpi));
    if (!error.isEmpty()) throw Error(error.toStdString());
}


}  // namespace

nlohmann::json renderStorePlot(const StorePlotRequest& request) {
    application();
    if (!std::filesystem::exists(request.db)) throw Error(request.db + ": no such result database");
    ResultStore store(request.db);
    nlohmann::json drawn = {{"figure", request.figure}, {"out", request.out}};
    if (request.figure == "auroc") {
        const auto runs = selectedRuns(store, request, kContextAurocRunKind);
        MetricsByRun values;
        if (!request.task.empty()) values = metricOfRuns(store, request.task, request.metric);
        const QString title = request.task.empty() ? QStringLiteral("Mean AUROC")
                                                   : QString::fromStdString(request.task + " " + request.metric);
        widgets::CurvePanel panel(QStringLiteral("auroc"));
        const auto figure = app::toAurocOverlay(runs, request.task.empty() ? nullptr : &values, title);
        if (figure.series.isEmpty()) throw Error(request.db + ": the selected runs hold no " + title.toStdString());
        panel.setFigure(figure);
        write(panel, request);
        drawn["runs"] = runs.size();
        drawn["curves"] = figure.series.size();
    } else if (request.figure == "ppl") {
        const auto runs = selectedRuns(store, request, kPositionPerplexityRunKind);
        std::vector<std::int64_t> ids;
        for (const auto& r : runs) ids.push_back(r.id);
        widgets::CurvePanel panel(QStringLiteral("perplexity_by_position"));
        panel.logXBox()->setChecked(true);
        panel.setFigure(app::toPerplexityFigure(storedPerplexities(store, ids), app::runLabels(runs)));
        write(panel, request);
        drawn["curves"] = runs.size();
    } else if (request.figure == "delta") {
        auto runs = selectedRuns(store, request, kContextAurocRunKind);
        std::int64_t baseline = request.baseline;
        if (baseline == 0) {
            baseline = std::min_element(runs.begin(), runs.end(), [](const RunListing& a, const RunListing& b) {
                           return std::tie(a.contextLength, a.id) < std::tie(b.contextLength, b.id);
                       })->id;
        } else if (!store.run(baseline)) {
            throw Error(request.db + ": no run with id " + std::to_string(baseline) + " (--baseline)");
        }
        const auto all = listRuns(store);
        std::string cohort;
        for (const auto& r : all)
            if (r.id == baseline) cohort = r.cohortHash;
        std::vector<std::int64_t> others;
        for (const auto& r : runs)
            if (r.id != baseline && r.cohortHash == cohort) others.push_back(r.id);
        if (others.empty()) throw Error(request.db + ": the filter selects no run of the baseline's cohort to compare with run " + std::to_string(baseline));
        PairedComparisonConfig config;
        config.replicates = request.replicates;
        const auto comparisons = compareToBaseline(store, baseline, others, config);
        widgets::ComparisonPanel panel;
        panel.setFigure(app::toComparisonFigure(comparisons, app::runLabels(all), config.replicates));
        write(panel, request);
        drawn["baseline"] = baseline;
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& c : comparisons)
            rows.push_back({{"run_id", c.runId}, {"mean_delta", c.meanDelta.value}, {"mean_delta_ci", {c.meanDelta.low, c.meanDelta.high}},
                            {"wins", c.wins}, {"tasks", c.tasks.size()}, {"win_rate", c.winRate}});
        drawn["comparisons"] = rows;
    } else if (request.figure == "strata") {
        std::string cohort;
        if (!request.filter.empty()) cohort = selectedRuns(store, request, kContextAurocRunKind).front().cohortHash;
        const auto hash = chooseStrataCohort(store, cohort);
        StrataConfig config;
        config.replicates = request.replicates;
        const auto result = stratifyCachedRuns(store, hash, parseStrataMetric(request.strataMetric), config);
        const auto record = store.cohort(hash);
        widgets::StrataPanel panel;
        panel.setFigure(app::toStrataFigure(result, QString::fromStdString(record ? record->name : hash.substr(0, 12))),
                        app::winRateSummary(result));
        write(panel, request);
        drawn["runs"] = result.runs.size();
        drawn["cohort"] = hash;
    } else {
        throw Error("plot: unknown figure '" + request.figure + "' (expected auroc, ppl, delta or strata)");
    }
    return drawn;
}

}  // namespace cb::cli
