#pragma once

#include "core/analysis/demo.h"
#include "core/analysis/prepared_cohort.h"
#include "core/models/model_folder.h"
#include "core/cohort/cohort_source.h"
#include "core/jobs/job_runner.h"
#include "widgets/panels/model_info_panel.h"
#include "widgets/panels/panel_data.h"
#include "widgets/plots/figure_data.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace cb::app {

// Owns the open workspace and runs its jobs on the core job runner, off the GUI thread. Results
// come back as signals carrying widget data; the window only wires them to views.
class WorkspaceController : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceController(QObject* parent = nullptr);
    ~WorkspaceController() override;

    // Generates the demo cohort, shows what the cache holds, then evaluates what is missing
    // (unless `evaluate` is false).
    void openDemo(const DemoSettings& settings, const QString& workspace, bool evaluate);
    // Opens a MEDS folder, a FEMR/EHRSHOT CSV or a synthetic spec (see loadCohort) in `workspace`
    // (the current one when empty), shows what the cache holds for it, and evaluates nothing.
    void openCohort(const QString& spec, const CohortSourceOptions& options, const QString& workspace = {});
    // Evaluates the opened model on the open cohort (in the model's own vocabulary) at the given
    // context lengths; the figure then shows that model's curve.
    void evaluateOpenedModel(const std::vector<int>& contexts);
    bool hasOpenedModel() const { return model_ != nullptr; }
    // Evaluates the open cohort at the given context lengths.
    void evaluateContexts(const std::vector<int>& contexts);
    // Opens a HF model folder (any supported architecture) and measures how much of the open cohort
    // its vocabulary covers.
    void openModel(const QString& folder);
    // Per-position perplexity of the longest-context model evaluated on the open cohort, with the
    // current attention, over its validation patients; read from or stored in the workspace.
    void computePerplexity();
    // Which EHR property the stratification view ranks test patients by: rr1, irregularity, length.
    void setStrataMetric(const QString& metric);
    void cancel();
    bool busy() const;
    // Whether a stratification is being computed (or queued): one-shot renders wait for it.
    // Cleared by the completion callback on the GUI thread, which runs after the figure the job posted,
    // so "not busy" means the views already hold the result.
    bool strataBusy() const { return strataPending_ || strataInFlight_; }

    // Device ("auto", "cpu", "cuda:N") and precision ("fp32", "bf16") of the jobs started from now on.
    void setCompute(const std::string& device, const std::string& precision);
    // The attention of the evaluations started from now on; the figure switches to what the cache
    // holds for it.
    void setAttention(const AttentionSpec& attention);
    // Writes the open cohort with this workspace's sweep as a sweep file for `contextbench-cli sweep`
    // on a GPU server or under a torchrun-style launch; returns an error message, empty on success.
    QString exportSweep(const QString& path) const;

    const DemoSettings& settings() const { return settings_; }
    QString workspace() const { return workspace_; }
    // The open cohort's name ("" when none is open).
    QString cohortName() const;
    // How the open cohort was opened (openCohort's spec); empty for the demo or when none is open.
    QString openedCohortSpec() const { return demoOpen_ ? QString() : QString::fromStdString(cohortSpec_); }
    // The folder of the opened model; empty when none is.
    QString openedModelFolder() const { return model_ ? QString::fromStdString(model_->folder) : QString(); }
    std::vector<int> contexts() const { return settings_.contexts; }
    // The open cohort (null before one is open) and the compute device chosen for jobs.
    std::shared_ptr<const PreparedCohort> openedCohort() const { return cohort_; }
    std::string device() const { return settings_.device; }

Q_SIGNALS:
    void jobStarted(const QString& title);
    void jobProgress(double fraction, const QString& stage, const QString& detail);
    void jobFinished(const QString& message, bool succeeded);
    void cohortReady(const cb::widgets::CohortPanelData& cohort);
    void modelsChanged(const QVector<cb::widgets::ModelRowData>& models);
    void figureChanged(const cb::widgets::AurocFigureData& figure);
    void patientsReady(const QVector<cb::widgets::PatientRowData>& patients);
    void strataChanged(const cb::widgets::StrataFigureData& figure, const QString& winRates);
    void strataUnavailable(const QString& reason);
    void modelOpened(const cb::widgets::ModelInfoData& model);
    void notice(const QString& message);
    void perplexityStored(qint64 runId);

private:
    void startJob(const QString& title, JobRunner::Work work);
    void publishPoint(const ContextPoint& point);
    void publishModels();
    // Shows a freshly prepared cohort: summary, patient table, cached points; then the strata.
    void publishCohort(std::shared_ptr<const PreparedCohort> prepared, const std::vector<ContextPoint>& cached,
                       const widgets::CohortPanelData& summary, const QVector<widgets::PatientRowData>& patients);
    // Recomputes the stratification of the open cohort's cached runs off the GUI thread.
    void refreshStrata();
    // Posts `fn` to the GUI thread; dropped if the controller is gone by then.
    void onGuiThread(std::function<void()> fn);

    DemoSettings settings_;
    QString workspace_;
    // How the open cohort was opened, for a sweep file that opens it again elsewhere.
    std::string cohortSpec_;
    bool demoOpen_ = false;
    CohortSourceOptions cohortOptions_;
    std::shared_ptr<const PreparedCohort> cohort_;
    std::vector<ContextPoint> points_;
    std::shared_ptr<OpenedModel> model_;  // the model the user opened, on the CPU
    QString strataMetric_ = QStringLiteral("rr1");
    bool strataPending_ = false;
    bool strataInFlight_ = false;
    JobRunner runner_;
    JobRunner strataRunner_;  // quick and separate, so a running sweep does not hold it up
};

}  // namespace cb::app

Q_DECLARE_METATYPE(cb::widgets::ModelInfoData)
