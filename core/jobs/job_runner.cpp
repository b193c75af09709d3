#include "core/jobs/job_runner.h"

namespace cb {

const char* toString(JobState state) {
    switch (state) {
        case JobState::Idle: return "idle";
        case JobState::Running: return "running";
        case JobState::Succeeded: return "succeeded";
        case JobState::Failed: return "failed";
        case JobState::Cancelled: return "cancelled";
    }
    return "unknown";
}

JobRunner::~JobRunner() {
    cancel();
    wait();
}

void JobRunner::start(Work work, ProgressFn onProgress, FinishedFn onFinished) {
    std::lock_guard lock(mutex_);
    if (state_ == JobState::Running) throw Error("a job is already running");
    if (worker_.joinable()) worker_.join();
    token_ = CancelToken();
    state_ = JobState::Running;
    error_.clear();
    worker_ = std::thread([this, work = std::move(work), onProgress = std::move(onProgress),
                           onFinished = std::move(onFinished), token = token_] {
        JobState outcome = JobState::Succeeded;
        std::string message;
        try {
            work(JobContext(onProgress, token));
        } catch (const Cancelled&) {
            outcome = JobState::Cancelled;
        } catch (const std::exception& e) {
            outcome = JobState::Failed;
            message = e.what();
        }
        {
            std::lock_guard lock(mutex_);
            state_ = outcome;
            error_ = message;
        }
        if (onFinished) onFinished(outcome, message);
    });
}

void JobRunner::cancel() {
    std::lock_guard lock(mutex_);
    token_.cancel();
}

void JobRunner::wait() {
    std::thread worker;
    {
        std::lock_guard lock(mutex_);
        worker = std::move(worker_);
    }
    if (worker.joinable()) worker.join();
}

JobState JobRunner::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

std::string JobRunner::error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

}  // namespace cb
