#include "app/figures/results_adapter.h"

#include "core/analysis/run_kinds.h"
#include "core/cohort/task_catalog.h"
#include "core/models/architecture_names.h"

#include <QStringList>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

namespace cb::app {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString cohortOf(const RunListing& run) { return run.cohortName.empty() ? qs(run.cohortHash.substr(0, 12)) : qs(run.cohortName); }

QString signedFixed(double v) { return (v >= 0 ? QStringLiteral("+") : QString()) + QString::number(v, 'f', 3); }

QString taskTitle(const std::string& task) {
    const auto* info = findTask(task);
    return info ? qs(info->title) : qs(task);
}

}  // namespace

QString runKindLabel(const std::string& kind) {
    if (kind == kContextAurocRunKind) return QStringLiteral("AUROC vs context");
    if (kind == kPositionPerplexityRunKind) return QStringLiteral("Per-position perplexity");
    if (kind == kLiftRunKind) return QStringLiteral("LIFT");
    return qs(kind);
}

QString runLabel(const RunListing& run, bool withCohort) {
    QString label = qs(architectureDisplayName(run.architecture)) + QStringLiteral(" %1 · %2").arg(run.contextLength).arg(qs(run.attention));
    if (withCohort) label += QStringLiteral(" · ") + cohortOf(run);
    return label;
}

std::map<std::int64_t, QString> runLabels(const std::vector<RunListing>& runs) {
    std::set<std::string> cohorts;
    for (const auto& r : runs) cohorts.insert(r.cohortHash);
    std::map<std::int64_t, QString> labels;
    for (const auto& r : runs) labels[r.id] = runLabel(r, cohorts.size() > 1) + QStringLiteral(" (run %1)").arg(r.id);
    return labels;
}

QVector<widgets::RunRowData> toRunRows(const std::vector<RunListing>& runs, const MetricsByRun* chosen) {
    QVector<widgets::RunRowData> rows;
    rows.reserve(static_cast<int>(runs.size()));
    for (const auto& r : runs) {
        widgets::RunRowData row;
        row.id = r.id;
        row.kind = qs(r.kind);
        row.kindLabel = runKindLabel(r.kind);
        row.cohort = cohortOf(r);
        row.architecture = qs(r.architecture);
        row.model = qs(architectureDisplayName(r.architecture));
        row.context = r.contextLength;
        row.attention = qs(r.attention);
        MetricValue value{r.meanAuroc, r.meanAurocLow, r.meanAurocHigh};
        if (chosen) {
            const auto it = chosen->find(r.id);
            value = it == chosen->end() ? MetricValue{} : it->second;
        }
        row.value = value.value.value_or(std::nan(""));
        row.low = value.low.value_or(std::nan(""));
        row.high = value.high.value_or(std::nan(""));
        row.seconds = r.seconds;
        row.created = qs(r.createdAt);
        row.status = qs(r.status);
        row.modelPath = qs(r.modelPath);
        row.modelMissing = r.modelMissing;
        rows.push_back(row);
    }
    return rows;
}

widgets::OverlayFigureData toAurocOverlay(const std::vector<RunListing>& runs, const MetricsByRun* chosen,
                                          const QString& valueTitle) {
    widgets::OverlayFigureData figure;
    figure.title = QStringLiteral("%1 versus context length").arg(valueTitle);
    figure.xTitle = QStringLiteral("Context length (tokens, log scale)");
    figure.yTitle = valueTitle;
    figure.logBase = 2.0;
    std::set<std::string> cohorts;
    for (const auto& r : runs) cohorts.insert(r.cohortHash);
    using Group = std::tuple<std::string, std::string, std::string>;  // cohort, architecture, attention
    std::map<Group, std::vector<const RunListing*>> groups;
    std::vector<Group> order;
    for (const auto& r : runs) {
        if (r.kind != kContextAurocRunKind) continue;
        Group g{r.cohortHash, r.architecture, r.attention};
        if (!groups.count(g)) order.push_back(g);
        groups[g].push_back(&r);
    }
    for (const auto& g : order) {
        auto members = groups[g];
        std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) { return a->contextLength < b->contextLength; });
        widgets::CurveSeries series;
        const auto& first = *members.front();
        series.id = qs(std::get<0>(g) + "/" + std::get<1>(g) + "/" + std::get<2>(g));
        series.label = qs(architectureDisplayName(first.architecture)) + QStringLiteral(" · ") + qs(first.attention);
        if (cohorts.size() > 1) series.label += QStringLiteral(" · ") + cohortOf(first);
        for (const auto* r : members) {
            MetricValue v{r->meanAuroc, r->meanAurocLow, r->meanAurocHigh};
            if (chosen) {
                const auto it = chosen->find(r->id);
                if (it == chosen->end()) continue;
                v = it->second;
            }
            if (!v.value) continue;
            series.points.push_back({static_cast<double>(r->contextLength),
                                     {*v.value, v.low.value_or(std::nan("")), v.high.value_or(std::nan(""))}});
        }
        if (!series.points.isEmpty()) figure.series.push_back(series);
    }
    figure.subtitle = cohorts.size() == 1 && !runs.empty() ? cohortOf(runs.front()) + QStringLiteral(" · 95% CI, patient bootstrap")
                                                           : QStringLiteral("%1 cohorts · 95% CI, patient bootstrap").arg(cohorts.size());
    return figure;
}

widgets::OverlayFigureData toPerplexityFigure(const std::vector<StoredPerplexity>& curves, const std::map<std::int64_t, QString>& labels) {
    widgets::OverlayFigureData figure;
    figure.title = QStringLiteral("Per-token perplexity by position");
    figure.subtitle = QStringLiteral("validation patients · median, EMA span 20, 95% CI");
    figure.xTitle = QStringLiteral("Token position in the timeline");
    figure.yTitle = QStringLiteral("Perplexity (smoothed median, log scale)");
    figure.logY = true;
    figure.logBase = 10.0;
    for (const auto& c : curves) {
        widgets::CurveSeries series;
        series.id = QString::number(c.run.id);
        const auto label = labels.find(c.run.id);
        series.label = label != labels.end() ? label->second
                                             : qs(architectureDisplayName(c.run.architecture)) +
                                                   QStringLiteral(" %1 · %2").arg(c.run.contextLength).arg(qs(c.run.attention));
        for (std::size_t i = 0; i < c.curve.index.size(); ++i)
            series.points.push_back({static_cast<double>(c.curve.index[i]), {c.curve.median[i], c.curve.low[i], c.curve.high[i]}});
        figure.series.push_back(series);
    }
    return figure;
}

widgets::ComparisonFigureData toComparisonFigure(const std::vector<RunComparison>& comparisons,
                                                 const std::map<std::int64_t, QString>& labels, int replicates) {
    widgets::ComparisonFigureData figure;
    auto labelOf = [&](std::int64_t id) {
        const auto it = labels.find(id);
        return it == labels.end() ? QStringLiteral("run %1").arg(id) : it->second;
    };
    figure.title = QStringLiteral("Paired differences against %1").arg(comparisons.empty() ? QString() : labelOf(comparisons.front().baselineRunId));
    figure.subtitle = QStringLiteral("paired bootstrap, %1 resamples of the test patients").arg(replicates);
    for (const auto& c : comparisons) {
        const QString run = labelOf(c.runId);
        double baselineMean = 0.0, otherMean = 0.0;
        for (const auto& t : c.tasks) {
            figure.rows.push_back({taskTitle(t.task), run, {t.delta.value, t.delta.low, t.delta.high}, t.baseline, t.other,
                                   static_cast<int>(t.examples), false});
            baselineMean += t.baseline / static_cast<double>(c.tasks.size());
            otherMean += t.other / static_cast<double>(c.tasks.size());
        }
        figure.rows.push_back({QStringLiteral("Mean over tasks"), run,
                               {c.meanDelta.value, c.meanDelta.low, c.meanDelta.high}, baselineMean, otherMean, 0, true});
        QString line = c.tasks.empty() ? QStringLiteral("%1: no task in common with the baseline").arg(run)
                                       : QStringLiteral("%1: mean \u0394AUROC %2 [%3, %4]; higher on %5 of %6 tasks (win rate %7%)")
                                             .arg(run, signedFixed(c.meanDelta.value), signedFixed(c.meanDelta.low),
                                                  signedFixed(c.meanDelta.high))
                                             .arg(c.wins)
                                             .arg(c.tasks.size())
                                             .arg(std::lround(100.0 * c.winRate));
        if (!c.onlyInOne.empty()) {
            QStringList names;
            for (const auto& t : c.onlyInOne) names << qs(t);
            line += QStringLiteral("; not compared (evaluated by one run only): ") + names.join(QStringLiteral(", "));
        }
        figure.summary << line;
    }
    return figure;
}

}  // namespace cb::app
