#include "app/gui/results_controller.h"

#include "app/figures/results_adapter.h"
#include "core/analysis/paired_comparison.h"
#include "core/analysis/perplexity_store.h"
#include "core/analysis/run_catalog.h"
#include "core/analysis/run_kinds.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QStringList>

namespace cb::app {
namespace {

std::vector<std::int64_t> toIds(const QVector<qint64>& ids) { return {ids.begin(), ids.end()}; }


std::vector<RunListing> pick(const std::vector<RunListing>& all, const std::vector<std::int64_t>& ids) {
    std::vector<RunListing> out;
    for (const auto id : ids)
        for (const auto& r : all)
            if (r.id == id) out.push_back(r);
    return out;
}

}  // namespace

ResultsController::ResultsController(QObject* parent) : QObject(parent) {}

ResultsController::~ResultsController() {
    queue_.clear();
    runner_.wait();
}

void ResultsController::onGuiThread(std::function<void()> fn) { QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection); }

bool ResultsController::databaseExists() const { return !database_.isEmpty() && QFileInfo::exists(database_); }

void ResultsController::enqueue(Request request) {
    queue_.push_back(std::move(request));
    if (!running_) startNext();
}

void ResultsController::startNext() {
    if (queue_.empty()) {
        Q_EMIT idle();
        return;
    }
    auto request = std::move(queue_.front());
    queue_.pop_front();
    running_ = true;
    runner_.wait();  // the previous job's thread has finished its callbacks; join it
    runner_.start(std::move(request), {}, [this](JobState state, const std::string& error) {
        onGuiThread([this, state, error] {
            running_ = false;
            if (state == JobState::Failed) Q_EMIT failed(QString::fromStdString(error));
            startNext();
        });
    });
}

void ResultsController::setDatabase(const QString& path) {
    database_ = path;
    refresh();
}

void ResultsController::refresh() {
    if (!databaseExists()) {
        Q_EMIT runsChanged({});
        Q_EMIT tasksChanged({});
        return;
    }
    const auto path = database_.toStdString();
    const auto choice = choice_;
    enqueue([this, path, choice](const JobContext&) {
        const auto opened = ResultStore::openForReading(path);
        auto& store = *opened;
        const bool readOnly = store.readOnly();
        const auto runs = listRuns(store);
        QVector<widgets::RunRowData> rows;
        if (choice.task.isEmpty()) {
            rows = toRunRows(runs, nullptr);
        } else {
            const auto values = metricOfRuns(store, choice.task.toStdString(), choice.metric.toStdString());
            rows = toRunRows(runs, &values);
        }
        QStringList tasks;
        for (const auto& t : storedTasks(store)) tasks << QString::fromStdString(t);
        onGuiThread([this, rows, tasks, readOnly] {
            Q_EMIT tasksChanged(tasks);
            Q_EMIT runsChanged(rows);
            Q_EMIT accessChanged(readOnly);
        });
    });
}

void ResultsController::setMetricChoice(const widgets::MetricChoice& choice) {
    if (choice == choice_) return;
    choice_ = choice;
    refresh();
}

void ResultsController::overlay(const QVector<qint64>& ids) {
    if (!databaseExists()) return;
    const auto path = database_.toStdString();
    const auto choice = choice_;
    enqueue([this, path, choice, wanted = toIds(ids)](const JobContext&) {
        const auto opened = ResultStore::openForReading(path);
        auto& store = *opened;
        const auto chosen = pick(listRuns(store), wanted);
        std::vector<RunListing> auroc;
        std::vector<std::int64_t> ppl;
        for (const auto& r : chosen) {
            if (r.kind == kContextAurocRunKind) auroc.push_back(r);
            if (r.kind == kPositionPerplexityRunKind) ppl.push_back(r.id);
        }
        if (!auroc.empty()) {
            const bool mean = choice.task.isEmpty();
            const QString title = mean ? QStringLiteral("Mean AUROC") : choice.task + " " + choice.metric.toUpper();
            MetricsByRun values;
            if (!mean) values = metricOfRuns(store, choice.task.toStdString(), choice.metric.toStdString());
            const auto figure = toAurocOverlay(auroc, mean ? nullptr : &values, title);
            const QString note = tr("%n run(s)", nullptr, static_cast<int>(auroc.size())) + tr(" in %n curve(s)", nullptr, static_cast<int>(figure.series.size()));
            onGuiThread([this, figure, note] { Q_EMIT overlayChanged(figure, note); });
        }
        if (!ppl.empty()) {
            const auto figure = toPerplexityFigure(storedPerplexities(store, ppl), runLabels(chosen));
            onGuiThread([this, figure] { Q_EMIT perplexityChanged(figure, tr("%n selected run(s)", nullptr, static_cast<int>(figure.series.size()))); });
        }
    });
}

void ResultsController::showPerplexity(const QVector<qint64>& ids) {
    if (!databaseExists()) {
        Q_EMIT perplexityChanged({}, tr("Nothing computed yet: Analysis → Per-position perplexity computes it for the longest-context model."));
        return;
    }
    const auto path = database_.toStdString();
    enqueue([this, path, wanted = toIds(ids)](const JobContext&) {
        const auto opened = ResultStore::openForReading(path);
        auto& store = *opened;
        const auto curves = storedPerplexities(store, wanted);
        const auto figure = toPerplexityFigure(curves, runLabels(listRuns(store)));
        const QString note = curves.empty() ? tr("Nothing computed yet: Analysis → Per-position perplexity computes it for the "
                                                 "longest-context model.")
                                            : tr("%n curve(s)", nullptr, static_cast<int>(curves.size()));
        onGuiThread([this, figure, note] { Q_EMIT perplexityChanged(figure, note); });
    });
}

void ResultsController::compare(qint64 baseline, const QVector<qint64>& others) {
    if (!databaseExists()) return;
    const auto path = database_.toStdString();
    enqueue([this, path, baseline, wanted = toIds(others)](const JobContext& job) {
        const auto opened = ResultStore::openForReading(path);
        auto& store = *opened;
        PairedComparisonConfig config;
        config.replicates = kComparisonReplicates;
        const auto comparisons = compareToBaseline(store, baseline, wanted, config, job);
        const auto figure = toComparisonFigure(comparisons, runLabels(listRuns(store)), config.replicates);
        onGuiThread([this, figure] { Q_EMIT comparisonChanged(figure); });
    });
}

void ResultsController::remove(const QVector<qint64>& ids, std::function<void()> then) {
    if (!databaseExists()) return;
    const auto path = database_.toStdString();
    enqueue([this, path, wanted = toIds(ids), then = std::move(then)](const JobContext&) {
        ResultStore store(path);
        deleteRuns(store, wanted);
        onGuiThread([then] {
            if (then) then();
        });
    });
    refresh();
}

void ResultsController::showProvenance(qint64 id) {
    if (!databaseExists()) return;
    const auto path = database_.toStdString();
    enqueue([this, path, id](const JobContext&) {
        const auto opened = ResultStore::openForReading(path);
        const QString text = QString::fromStdString(runProvenance(*opened, id).dump(2));
        onGuiThread([this, id, text] { Q_EMIT provenanceReady(id, text); });
    });
}

}  // namespace cb::app
