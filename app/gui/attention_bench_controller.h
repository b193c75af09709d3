#pragma once

#include "core/jobs/job_runner.h"
#include "widgets/panels/attention_bench_data.h"

#include <QObject>
#include <QStringList>

namespace cb::widgets {
class AttentionBenchPanel;
class JobPanel;
}  // namespace cb::widgets

namespace cb::app {

// Runs the attention benchmark off the GUI thread; each measurement reaches the panel as it lands.
class AttentionBenchController : public QObject {
    Q_OBJECT
public:
    explicit AttentionBenchController(QObject* parent = nullptr);
    ~AttentionBenchController() override;

    static QStringList availableDevices();  // "cpu", and "cuda" when LibTorch sees a GPU
    void start(const widgets::AttentionBenchRequest& request);
    void cancel() { runner_.cancel(); }
    bool busy() const { return runner_.state() == JobState::Running; }

    // Connects a panel and the shared job panel to this controller.
    void attach(widgets::AttentionBenchPanel* panel, widgets::JobPanel* jobs);

Q_SIGNALS:
    void rowReady(const cb::widgets::AttentionBenchRow& row);
    void jobStarted(const QString& title);
    void jobProgress(double fraction, const QString& stage, const QString& detail);
    void jobFinished(const QString& message, bool succeeded);

private:
    JobRunner runner_;
};

}  // namespace cb::app

Q_DECLARE_METATYPE(cb::widgets::AttentionBenchRow)
Q_DECLARE_METATYPE(cb::widgets::AttentionBenchRequest)
