#pragma once

#include "core/jobs/job_runner.h"

#include <QObject>
#include <QString>

#include <functional>

namespace cb::app {

// One job at a time off the GUI thread, reported on the GUI thread: started, progress, and finished
// with a message (what `onSuccess` does runs first). The controllers of single-job views derive.
class BackgroundJob : public QObject {
    Q_OBJECT
public:
    explicit BackgroundJob(QObject* parent = nullptr) : QObject(parent) {}
    ~BackgroundJob() override;

    void cancel() { runner_.cancel(); }
    bool busy() const { return runner_.state() == JobState::Running; }

    struct Messages {
        QString succeeded, cancelled, failedPrefix;  // the failure's reason follows the prefix
    };

Q_SIGNALS:
    void jobStarted(const QString& title);
    void jobProgress(double fraction, const QString& stage, const QString& detail);
    void jobFinished(const QString& message, bool succeeded);

protected:
    void runJob(const QString& title, JobRunner::Work work, std::function<void()> onSuccess, Messages messages);
    void onGuiThread(std::function<void()> fn);

private:
    JobRunner runner_;
};

}  // namespace cb::app
