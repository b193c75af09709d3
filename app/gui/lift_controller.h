#pragma once

#include "core/jobs/job_runner.h"
#include "widgets/panels/lift_panel_data.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <string>

namespace cb {
class TextTokenizer;
struct OpenedModel;
struct AdaptedWeights;
struct LiftRequest;
}  // namespace cb

namespace cb::app {

// Runs the LIFT panel's work off the GUI thread: counting a document's tokens (cancellable, redone
// when the text changes), preparing the embedded demo, LIFT runs, and saving an adapted model. The
// opened text model stays loaded between runs; LIFT never changes it.
class LiftController : public QObject {
    Q_OBJECT
public:
    explicit LiftController(QObject* parent = nullptr);
    ~LiftController() override;

    void countTokens(const QString& document, const QString& modelDir, int segmentLength);
    // The text changed: a count of the old text stops and its result is never shown.
    void documentEdited();
    void loadDocumentFile(const QString& path);
    void prepareDemo(const QString& workspace);
    // Runs LIFT, or reads the run back from `database` (a workspace's results.sqlite) when it is there.
    void start(const widgets::LiftSettingsData& settings, const QString& document, const QString& database = {});
    void saveAdapted(const QString& dir);
    // Where LIFT runs (auto, cpu, cuda or cuda:N), read on the GUI thread when a job starts; without
    // one, the CPU.
    void setDeviceSetting(std::function<std::string()> setting);
    void cancel();
    bool busy() const;

Q_SIGNALS:
    void jobStarted(const QString& title);
    void jobProgress(double fraction, const QString& stage, const QString& detail);
    void jobFinished(const QString& message, bool succeeded);
    void tokenSummary(const QString& text);
    void epochLoss(int epoch, double loss);
    void resultsReady(const cb::widgets::LiftResultData& results);
    void documentLoaded(const QString& text, const QString& warning);
    void demoReady(const cb::widgets::LiftSettingsData& settings, const QString& document);
    void notice(const QString& message);

private:
    void startJob(const QString& title, JobRunner::Work work, std::function<void()> onSuccess = {});
    void onGuiThread(std::function<void()> fn);
    // The tokenizer and model of `dir`, loaded once and kept (worker thread only).
    std::shared_ptr<const TextTokenizer> tokenizerFor(const std::string& dir);
    std::shared_ptr<OpenedModel> modelFor(const std::string& dir, const std::string& device);
    std::string device() const;  // the setting, read on the GUI thread; resolved on the worker

    JobRunner runner_;       // LIFT runs, the demo, saving
    JobRunner countRunner_;  // token counts: restarted on every edit
    std::uint64_t countGeneration_ = 0;  // GUI thread only: a count's summary shows only if still current
    std::mutex cacheMutex_;
    std::string tokenizerDir_, modelDir_, modelDevice_;
    std::function<std::string()> deviceSetting_;
    std::shared_ptr<const TextTokenizer> tokenizer_;
    std::shared_ptr<OpenedModel> model_;
    std::shared_ptr<const AdaptedWeights> adapted_;  // of the last run, for "Save adapted model"
    std::shared_ptr<LiftRequest> lastRequest_;       // to recompute a cached run whose weights are wanted
    std::string adaptedModelDir_, adaptedDevice_;
};

}  // namespace cb::app

Q_DECLARE_METATYPE(cb::widgets::LiftResultData)
Q_DECLARE_METATYPE(cb::widgets::LiftSettingsData)
