#include "app/gui/workspace_controller.h"

#include "app/figures/figure_adapter.h"
#include "core/analysis/cohort_summary.h"
#include "core/cohort/synthetic_generator.h"
#include "core/store/result_store.h"

#include <QMetaObject>
#include <QPointer>

#include <algorithm>
#include <filesystem>

namespace cb::app {

WorkspaceController::WorkspaceController(QObject* parent) : QObject(parent) {}

WorkspaceController::~WorkspaceController() {
    runner_.cancel();
    runner_.wait();
}

bool WorkspaceController::busy() const { return runner_.state() == JobState::Running; }

void WorkspaceController::cancel() { runner_.cancel(); }

void WorkspaceController::onGuiThread(std::function<void()> fn) {
    QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
}

void WorkspaceController::startJob(const QString& title, JobRunner::Work work) {
    Q_EMIT jobStarted(title);
    runner_.start(
        std::move(work),
        [this](const ProgressUpdate& u) {
            onGuiThread([this, u] {
                Q_EMIT jobProgress(u.fraction, QString::fromStdString(u.stage), QString::fromStdString(u.detail));
            });
        },
        [this](JobState state, const std::string& error) {
            onGuiThread([this, state, error] {
                switch (state) {
                    case JobState::Succeeded: Q_EMIT jobFinished(tr("Finished"), true); break;
                    case JobState::Cancelled:
                        Q_EMIT jobFinished(tr("Cancelled: nothing unfinished was stored"), false);
                        break;
                    default: Q_EMIT jobFinished(tr("Failed: %1").arg(QString::fromStdString(error)), false); break;
                }
            });
        });
}

void WorkspaceController::publishPoint(const ContextPoint& point) {
    auto it = std::find_if(points_.begin(), points_.end(), [&](const auto& p) { return p.context == point.context; });
    if (it != points_.end()) *it = point;
    else points_.push_back(point);
    Q_EMIT figureChanged(toAurocFigure(points_, cohort_ ? QString::fromStdString(cohort_->cohort.name) : QString()));
}

void WorkspaceController::publishModels() {
    if (!cohort_) return;
    const std::string database = WorkspacePaths{workspace_.toStdString()}.database();
    if (!std::filesystem::exists(database)) return;
    try {
        ResultStore store(database);
        QVector<widgets::ModelRowData> rows;
        for (const auto& m : store.modelsForCohort(cohort_->hash)) rows.push_back(toModelRow(m));
        Q_EMIT modelsChanged(rows);
    } catch (const std::exception& e) {
        // The list is informative only: a locked or damaged database must not take the window down.
        Q_EMIT notice(tr("Model list unavailable: %1").arg(QString::fromStdString(e.what())));
    }
}

void WorkspaceController::openDemo(const DemoSettings& settings, const QString& workspace, bool evaluate) {
    settings_ = settings;
    workspace_ = workspace;
    points_.clear();
    startJob(tr("Opening the demo workspace"), [this, settings, workspace, evaluate](const JobContext& job) {
        auto cohort = generateSyntheticCohort(settings.cohortConfig(), job.slice(0.0, 0.02));
        auto prepared = prepareCohort(std::move(cohort), settings.vocabularyConfig(), job.slice(0.02, 0.04));
        const auto summary = toCohortPanel(summarizeCohort(*prepared));
        const WorkspacePaths paths{workspace.toStdString()};
        auto cached = cachedContextPoints(*prepared, settings.sweepConfig(), paths);
        onGuiThread([this, prepared, summary, cached] {
            cohort_ = prepared;
            Q_EMIT cohortReady(summary);
            for (const auto& p : cached) publishPoint(p);
            publishModels();
        });
        if (!evaluate || cached.size() == settings.contexts.size()) return;
        runContextSweep(*prepared, settings.sweepConfig(), paths, job.slice(0.04, 1.0), [this](const ContextPoint& p) {
            onGuiThread([this, p] {
                publishPoint(p);
                publishModels();
            });
        });
    });
}

void WorkspaceController::evaluateContexts(const std::vector<int>& contexts) {
    if (!cohort_) return;
    settings_.contexts = contexts;
    // The figure shows the chosen lengths only: drop points of lengths no longer asked for.
    std::erase_if(points_, [&](const ContextPoint& p) {
        return std::find(contexts.begin(), contexts.end(), p.context) == contexts.end();
    });
    Q_EMIT figureChanged(toAurocFigure(points_, QString::fromStdString(cohort_->cohort.name)));
    auto prepared = cohort_;
    const auto config = settings_.sweepConfig();
    const WorkspacePaths paths{workspace_.toStdString()};
    startJob(tr("Evaluating across context lengths"), [this, prepared, config, paths](const JobContext& job) {
        runContextSweep(*prepared, config, paths, job, [this](const ContextPoint& p) {
            onGuiThread([this, p] {
                publishPoint(p);
                publishModels();
            });
        });
    });
}

}  // namespace cb::app
