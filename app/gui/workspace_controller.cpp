#include "app/gui/workspace_controller.h"

#include "app/figures/figure_adapter.h"
#include "core/analysis/cohort_summary.h"
#include "core/analysis/example_properties.h"
#include "core/analysis/perplexity_run.h"
#include "core/models/checkpoint.h"
#include "core/runtime/torch_runtime.h"
#include "core/analysis/run_kinds.h"
#include "core/analysis/strata_from_store.h"
#include "core/analysis/sweep_file.h"
#include "core/tokenize/code_tokenizer.h"
#include "core/tokenize/tokenized_cohort.h"
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
    strataRunner_.cancel();
    runner_.wait();
    strataRunner_.wait();
}

QString WorkspaceController::cohortName() const { return cohort_ ? QString::fromStdString(cohort_->cohort.name) : QString(); }

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
    auto it = std::find_if(points_.begin(), points_.end(), [&](const auto& p) {
        return p.context == point.context && p.architecture == point.architecture;
    });
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

void WorkspaceController::publishCohort(std::shared_ptr<const PreparedCohort> prepared, const std::vector<ContextPoint>& cached,
                                        const widgets::CohortPanelData& summary,
                                        const QVector<widgets::PatientRowData>& patients) {
    cohort_ = std::move(prepared);
    points_.clear();
    Q_EMIT cohortReady(summary);
    Q_EMIT patientsReady(patients);
    Q_EMIT figureChanged(toAurocFigure(points_, QString::fromStdString(cohort_->cohort.name)));
    for (const auto& p : cached) publishPoint(p);
    publishModels();
    refreshStrata();
}

void WorkspaceController::setStrataMetric(const QString& metric) {
    strataMetric_ = metric;
    refreshStrata();
}

void WorkspaceController::refreshStrata() {
    if (!cohort_) return;
    if (strataRunner_.state() == JobState::Running) {
        strataPending_ = true;  // rerun with the latest state when this one ends
        return;
    }
    strataPending_ = false;
    strataInFlight_ = true;
    const std::string database = WorkspacePaths{workspace_.toStdString()}.database();
    const std::string hash = cohort_->hash;
    const QString cohortName = QString::fromStdString(cohort_->cohort.name);
    const auto metric = parseStrataMetric(strataMetric_.toStdString());
    strataRunner_.start(
        [this, database, hash, cohortName, metric](const JobContext& job) {
            if (!std::filesystem::exists(database)) {
                onGuiThread([this] { Q_EMIT strataUnavailable(tr("Nothing evaluated in this workspace yet.")); });
                return;
            }
            ResultStore store(database);
            if (store.runs(hash, kContextAurocRunKind).empty()) {
                onGuiThread([this] {
                    Q_EMIT strataUnavailable(tr("Evaluate the cohort across context lengths to stratify its test patients."));
                });
                return;
            }
            const auto result = stratifyCachedRuns(store, hash, metric, {}, job);
            auto figure = toStrataFigure(result, cohortName);
            const QString wins = winRateSummary(result);
            onGuiThread([this, figure, wins] { Q_EMIT strataChanged(figure, wins); });
        },
        {},
        [this](JobState state, const std::string& error) {
            onGuiThread([this, state, error] {
                strataInFlight_ = false;
                if (state == JobState::Failed)
                    Q_EMIT strataUnavailable(tr("Stratification failed: %1").arg(QString::fromStdString(error)));
                if (strataPending_) refreshStrata();
            });
        });
}

void WorkspaceController::setCompute(const std::string& device, const std::string& precision) {
    settings_.device = device;
    settings_.precision = precision;
}

void WorkspaceController::setAttention(const AttentionSpec& attention) {
    settings_.attention = attention;
    points_.clear();
    if (!cohort_) return;
    Q_EMIT figureChanged(toAurocFigure(points_, QString::fromStdString(cohort_->cohort.name)));
    auto prepared = cohort_;
    const auto config = settings_.sweepConfig();
    const WorkspacePaths paths{workspace_.toStdString()};
    startJob(tr("Reading cached %1 results").arg(QString::fromStdString(attention.label())), [this, prepared, config, paths](const JobContext&) {
        const auto cached = cachedContextPoints(*prepared, config, paths);
        onGuiThread([this, cached] {
            for (const auto& p : cached) publishPoint(p);
        });
    });
}

QString WorkspaceController::exportSweep(const QString& path) const {
    if (cohortSpec_.empty()) return tr("Open a cohort first: the sweep file names the cohort it runs on.");
    try {
        SweepFile file;
        file.cohort = cohortSpec_;
        file.cohortOptions = cohortOptions_;
        file.workspace = std::filesystem::absolute(workspace_.toStdString()).string();
        file.sweep = settings_.sweepConfig();
        file.attention = {file.sweep.attention};
        if (cohort_ && !isSyntheticSpec(cohortSpec_)) {
            file.sweep.tasks.clear();
            for (const auto& t : cohort_->cohort.tasks) file.sweep.tasks.push_back(t.task);
        }
        file.write(path.toStdString());
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void WorkspaceController::openCohort(const QString& spec, const CohortSourceOptions& options, const QString& workspace) {
    if (!workspace.isEmpty()) workspace_ = workspace;
    cohortSpec_ = spec.toStdString();
    demoOpen_ = false;
    cohortOptions_ = options;
    const auto settings = settings_;
    const WorkspacePaths paths{workspace_.toStdString()};
    startJob(tr("Opening %1").arg(spec), [this, spec, options, settings, paths](const JobContext& job) {
        auto loaded = loadCohort(spec.toStdString(), options, job.slice(0.0, 0.5));
        if (const auto bad = loaded.report.value("bad_rows", 0); bad > 0)
            onGuiThread([this, bad] { Q_EMIT notice(tr("%1 bad CSV rows were skipped").arg(bad)); });
        auto prepared = prepareCohort(std::move(loaded.cohort), settings.vocabularyConfig(), job.slice(0.5, 0.8));
        const auto summary = toCohortPanel(summarizeCohort(*prepared));
        const auto patients = toPatientRows(prepared->cohort, timelineProperties(prepared->cohort, &prepared->tokens, job.slice(0.8, 0.95)));
        std::filesystem::create_directories(paths.root);
        const auto cached = cachedContextPoints(*prepared, settings.sweepConfig(), paths);
        onGuiThread([this, prepared, cached, summary, patients] { publishCohort(prepared, cached, summary, patients); });
    });
}

void WorkspaceController::openModel(const QString& folder) {
    auto cohort = cohort_;
    startJob(tr("Opening model %1").arg(folder), [this, folder, cohort](const JobContext& job) {
        job.report("Loading model", 0.0);
        auto opened = std::make_shared<OpenedModel>(openModelFolder(folder.toStdString(), c10::Device(c10::kCPU)));
        std::optional<OovReport> coverage;
        if (opened->vocabulary && cohort) {
            const CodeTokenizer tokenizer(*opened->vocabulary, cohort->cohort);
            coverage = TokenizedCohort::build(cohort->cohort, tokenizer, job.slice(0.5, 1.0)).oov();
        }
        const auto info = toModelInfo(*opened, coverage ? &*coverage : nullptr);
        onGuiThread([this, opened, info] {
            model_ = opened;
            Q_EMIT modelOpened(info);
        });
    });
}

void WorkspaceController::openDemo(const DemoSettings& settings, const QString& workspace, bool evaluate) {
    settings_ = settings;
    workspace_ = workspace;
    cohortSpec_ = syntheticSpecOf(settings.cohortConfig());
    demoOpen_ = true;
    cohortOptions_ = {};
    points_.clear();
    startJob(tr("Opening the demo workspace"), [this, settings, workspace, evaluate](const JobContext& job) {
        auto cohort = generateSyntheticCohort(settings.cohortConfig(), job.slice(0.0, 0.02));
        auto prepared = prepareCohort(std::move(cohort), settings.vocabularyConfig(), job.slice(0.02, 0.04));
        const auto summary = toCohortPanel(summarizeCohort(*prepared));
        const auto patients = toPatientRows(prepared->cohort, timelineProperties(prepared->cohort, &prepared->tokens));
        const WorkspacePaths paths{workspace.toStdString()};
        auto cached = cachedContextPoints(*prepared, settings.sweepConfig(), paths);
        onGuiThread([this, prepared, summary, cached, patients] { publishCohort(prepared, cached, summary, patients); });
        if (!evaluate || cached.size() == settings.contexts.size()) return;
        runContextSweep(*prepared, settings.sweepConfig(), paths, job.slice(0.04, 1.0), [this](const ContextPoint& p) {
            onGuiThread([this, p] {
                publishPoint(p);
                publishModels();
                refreshStrata();
            });
        });
    });
}

void WorkspaceController::evaluateOpenedModel(const std::vector<int>& contexts) {
    if (!cohort_ || !model_) return;
    if (!model_->vocabulary) {
        Q_EMIT notice(tr("The opened model has no tokenizer_config.json: a cohort cannot be put in its token ids"));
        return;
    }
    points_.clear();
    Q_EMIT figureChanged(toAurocFigure(points_, QString::fromStdString(cohort_->cohort.name)));
    auto config = settings_.sweepConfig();
    config.modelDir = model_->folder;
    config.contexts = contexts;
    config.tasks.clear();
    for (const auto& t : cohort_->cohort.tasks) config.tasks.push_back(t.task);
    const WorkspacePaths paths{workspace_.toStdString()};
    auto cohort = cohort_;
    auto vocabulary = *model_->vocabulary;
    startJob(tr("Evaluating %1").arg(QString::fromStdString(model_->folder)), [this, cohort, vocabulary, config, paths](const JobContext& job) {
        const auto prepared = prepareCohortWithVocabulary(cohort->cohort, vocabulary, job.slice(0.0, 0.05));
        runContextSweep(*prepared, config, paths, job.slice(0.05, 1.0), [this](const ContextPoint& p) {
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
                refreshStrata();
            });
        });
    });
}

void WorkspaceController::computePerplexity() {
    if (!cohort_ || points_.empty()) {
        Q_EMIT notice(tr("Evaluate the cohort first: the perplexity view reads the longest-context model the evaluation trained."));
        return;
    }
    const auto longest = *std::max_element(points_.begin(), points_.end(),
                                           [](const ContextPoint& a, const ContextPoint& b) { return a.context < b.context; });
    auto prepared = cohort_;
    const WorkspacePaths paths{workspace_.toStdString()};
    const auto attention = settings_.attention;
    const auto device = settings_.device;
    startJob(tr("Per-position perplexity at %1 tokens").arg(longest.context), [this, prepared, paths, attention, device, longest](const JobContext& job) {
        ResultStore store(paths.database());
        const auto record = store.model(longest.modelKey);
        if (!record) throw Error(paths.database() + ": the model of run " + std::to_string(longest.runId) + " is not recorded");
        const auto resolved = resolveDevice(device);
        job.report("Loading the " + std::to_string(longest.context) + "-token model", 0.0);
        auto model = loadCheckpoint(record->path, c10::Device(resolved));
        PositionPerplexityConfig config;
        config.context = longest.context;
        config.device = resolved;
        const auto stored = runPositionPerplexity(*prepared, *model, *record, config, attention, &store, job.slice(0.05, 1.0));
        const qint64 runId = stored.run.id;
        onGuiThread([this, runId] { Q_EMIT perplexityStored(runId); });
    });
}

}  // namespace cb::app
