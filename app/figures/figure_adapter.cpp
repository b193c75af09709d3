#include "app/figures/figure_adapter.h"

#include "core/cohort/task_catalog.h"
#include "core/models/architecture_names.h"
#include "core/tokenize/vocabulary.h"

#include <QStringList>

#include <cmath>

#include <algorithm>
#include <map>

namespace cb::app {

widgets::AurocFigureData toAurocFigure(const std::vector<ContextPoint>& points, const QString& cohortName) {
    widgets::AurocFigureData figure;
    auto sorted = points;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.context < b.context; });
    std::map<std::string, std::vector<const ContextPoint*>> byArchitecture;
    for (const auto& p : sorted) byArchitecture[p.architecture].push_back(&p);
    figure.title = QStringLiteral("AUROC versus context length");
    const QString attention = sorted.empty() ? QStringLiteral("full") : QString::fromStdString(sorted.front().attention);

    if (byArchitecture.size() > 1) {
        // Several architectures: their means overlay, one line each; per-task lines would be a thicket.
        for (const auto& [architecture, group] : byArchitecture) {
            widgets::CurveSeries series;
            series.id = QString::fromStdString(architecture);
            series.label = QString::fromStdString(architectureDisplayName(architecture)) + QStringLiteral(" (mean over tasks)");
            for (const auto* p : group)
                series.points.push_back({static_cast<double>(p->context), {p->meanAuroc.value, p->meanAuroc.low, p->meanAuroc.high}});
            figure.tasks.push_back(series);
        }
        figure.subtitle = QStringLiteral("%1 · %2 architectures · %3 attention · 95% CI, patient bootstrap")
                              .arg(cohortName)
                              .arg(byArchitecture.size())
                              .arg(attention);
        return figure;
    }

    int evaluatedTasks = 0;
    std::map<std::string, widgets::CurveSeries> tasks;
    for (const auto& p : sorted) {
        figure.mean.points.push_back({static_cast<double>(p.context), {p.meanAuroc.value, p.meanAuroc.low, p.meanAuroc.high}});
        int evaluated = 0;
        for (const auto& t : p.tasks) {
            if (!t.evaluated) continue;
            ++evaluated;
            auto& series = tasks[t.task];
            series.id = QString::fromStdString(t.task);
            const auto* info = findTask(t.task);
            series.label = info ? QString::fromStdString(info->title) : series.id;
            series.points.push_back({static_cast<double>(p.context), {t.auroc.value, t.auroc.low, t.auroc.high}});
        }
        evaluatedTasks = std::max(evaluatedTasks, evaluated);
    }
    // Legend order follows the paper's task order.
    for (const auto& info : ehrshotTasks())
        if (auto it = tasks.find(info.name); it != tasks.end()) figure.tasks.push_back(it->second);
    for (const auto& [name, series] : tasks)
        if (!findTask(name)) figure.tasks.push_back(series);

    figure.mean.id = QStringLiteral("mean");
    figure.mean.label = QStringLiteral("Mean over %1 tasks").arg(evaluatedTasks);
    const QString model = sorted.empty() ? QStringLiteral("Llama")
                                         : QString::fromStdString(architectureDisplayName(sorted.front().architecture));
    figure.subtitle = QStringLiteral("%1 · %2 · %3 attention · 95% CI, patient bootstrap").arg(cohortName, model, attention);
    return figure;
}

widgets::CohortPanelData toCohortPanel(const CohortSummary& s) {
    widgets::CohortPanelData d;
    d.name = QString::fromStdString(s.name);
    d.source = QString::fromStdString(s.source);
    d.hash = QString::fromStdString(s.hash);
    d.patients = s.patients;
    d.events = s.events;
    d.tokens = s.tokens;
    d.train = s.train;
    d.tuning = s.tuning;
    d.heldOut = s.heldOut;
    d.vocabularySize = s.vocabularySize;
    d.unknownEvents = s.unknownEvents;
    for (auto n : s.tokensPerPatient) d.tokensPerPatient.push_back(n);
    for (const auto& [code, count] : s.topUnknownCodes)
        d.topUnknownCodes.push_back({QString::fromStdString(code), static_cast<qint64>(count)});
    for (const auto& t : s.tasks) d.tasks.push_back({QString::fromStdString(t.task), t.labels, t.positives});
    return d;
}

widgets::ModelRowData toModelRow(const ModelRecord& m) {
    widgets::ModelRowData row;
    row.architecture = QString::fromStdString(m.architecture);
    row.context = m.contextLength;
    row.parameters = m.parameters;
    row.steps = m.training.value("steps", 0);
    row.initialLoss = m.training.value("initial_loss", 0.0);
    row.finalLoss = m.training.value("final_loss", 0.0);
    row.seconds = m.seconds;
    row.path = QString::fromStdString(m.path);
    return row;
}

widgets::StrataFigureData toStrataFigure(const StratificationResult& result, const QString& cohortName) {
    widgets::StrataFigureData figure;
    figure.title = QStringLiteral("Brier score by %1").arg(QString::fromUtf8(axisTitle(result.metric)).toLower());
    figure.subtitle = cohortName + QStringLiteral(" · test examples · 95% bootstrap CI");
    figure.xTitle = QString::fromUtf8(axisTitle(result.metric));
    // Gap std is computed in seconds; days read better on a tick.
    const bool days = result.metric == StrataMetric::Irregularity;
    const double scale = days ? 1.0 / 86400.0 : 1.0;
    const int precision = result.metric == StrataMetric::Length ? 0 : (days ? 1 : 2);
    for (int q = 0; q < result.quartiles; ++q) {
        QString label = QStringLiteral("Q%1").arg(q + 1);
        if (!result.runs.empty() && q < static_cast<int>(result.runs.front().quartiles.size())) {
            const auto& score = result.runs.front().quartiles[static_cast<std::size_t>(q)];
            label += QStringLiteral("\n%1–%2%3")
                         .arg(score.metricLow * scale, 0, 'f', precision)
                         .arg(score.metricHigh * scale, 0, 'f', precision)
                         .arg(days ? QStringLiteral(" d") : QString());
        }
        figure.quartileLabels << label;
    }
    for (const auto& run : result.runs) {
        widgets::CurveSeries series;
        series.id = QString::number(run.runId);
        series.label = QString::fromStdString(run.label);
        for (const auto& q : run.quartiles)
            series.points.push_back({static_cast<double>(q.quartile + 1), {q.brier.value, q.brier.low, q.brier.high}});
        figure.runs.push_back(series);
    }
    return figure;
}

QString winRateSummary(const StratificationResult& result) {
    QStringList lines;
    for (const auto& w : result.winRates) {
        QStringList rates;
        for (std::size_t q = 0; q < w.rate.size(); ++q)
            rates << (std::isnan(w.rate[q]) ? QStringLiteral("–") : QStringLiteral("%1%").arg(qRound(100 * w.rate[q])));
        lines << QStringLiteral("%1 %2 vs %3 (%4): lower Brier in %5 of tasks, quartile 1 → %6")
                     .arg(QString::fromStdString(architectureDisplayName(w.architecture)))
                     .arg(w.longContext)
                     .arg(w.shortContext)
                     .arg(QString::fromStdString(w.attention), rates.join(QStringLiteral(" / ")))
                     .arg(w.rate.size());
    }
    if (result.unmatchedPredictions > 0)
        lines << QStringLiteral("%1 predictions had no stored properties and were left out.").arg(result.unmatchedPredictions);
    return lines.join(QLatin1Char('\n'));
}

QVector<widgets::PatientRowData> toPatientRows(const Cohort& cohort, const std::vector<ExampleProperties>& properties) {
    QVector<widgets::PatientRowData> rows;
    rows.reserve(static_cast<int>(properties.size()));
    constexpr double kDay = 86400.0;
    for (const auto& p : properties) {
        widgets::PatientRowData row;
        row.subject = p.subjectId;
        row.split = QString::fromUtf8(toString(cohort.splits.at(p.patient)));
        row.events = static_cast<qint64>(p.properties.events);
        row.tokens = p.tokens;
        for (int n = 0; n < 4; ++n) row.rr[n] = p.properties.repetition[static_cast<std::size_t>(n)];
        row.rrGeoMean = p.properties.repetitionGeoMean;
        row.gapStdDays = p.properties.gapStd / kDay;
        row.gapMeanDays = p.properties.gapMean / kDay;
        row.gapIqrDays = p.properties.gapIqr / kDay;
        rows.push_back(row);
    }
    return rows;
}

widgets::ModelInfoData toModelInfo(const OpenedModel& model, const OovReport* coverage) {
    widgets::ModelInfoData info;
    info.folder = QString::fromStdString(model.folder);
    info.architecture = QString::fromStdString(model.architecture);
    info.name = QString::fromStdString(architectureDisplayName(model.architecture));
    info.dtype = QString::fromStdString(model.storedDtype);
    info.parameters = model.parameters;
    info.contextLimit = model.contextLimit;
    info.hiddenSize = model.model->hiddenSize();
    info.vocabSize = model.model->vocabSize();
    info.loadSeconds = model.loadSeconds;
    info.hasTokenizer = model.vocabulary != nullptr;
    if (model.vocabulary) info.tokenizerEntries = static_cast<qint64>(model.vocabulary->size());
    if (coverage) {
        info.coverage = 1.0 - coverage->unknownRate();
        info.cohortEvents = static_cast<qint64>(coverage->events);
        info.unknownEvents = static_cast<qint64>(coverage->unknownEvents);
        for (const auto& [code, count] : coverage->top(5)) info.topUnknownCodes << QStringLiteral("%1 (%2)").arg(QString::fromStdString(code)).arg(count);
    }
    return info;
}

}  // namespace cb::app
