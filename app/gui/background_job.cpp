#include "app/gui/background_job.h"

#include <QMetaObject>

namespace cb::app {

BackgroundJob::~BackgroundJob() {
    runner_.cancel();
    runner_.wait();
}

void BackgroundJob::onGuiThread(std::function<void()> fn) { QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection); }

void BackgroundJob::runJob(const QString& title, JobRunner::Work work, std::function<void()> onSuccess, Messages messages) {
    Q_EMIT jobStarted(title);
    runner_.start(
        std::move(work),
        [this](const ProgressUpdate& u) {
            onGuiThread([this, u] { Q_EMIT jobProgress(u.fraction, QString::fromStdString(u.stage), QString::fromStdString(u.detail)); });
        },
        [this, onSuccess = std::move(onSuccess), messages = std::move(messages)](JobState state, const std::string& error) {
            onGuiThread([this, state, error, onSuccess, messages] {
                switch (state) {
                    case JobState::Succeeded:
                        if (onSuccess) onSuccess();
                        Q_EMIT jobFinished(messages.succeeded, true);
                        break;
                    case JobState::Cancelled: Q_EMIT jobFinished(messages.cancelled, false); break;
                    default: Q_EMIT jobFinished(messages.failedPrefix + QString::fromStdString(error), false); break;
                }
            });
        });
}

}  // namespace cb::app
