#pragma once

#include "core/jobs/job_context.h"

#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace cb {

enum class JobState { Idle, Running, Succeeded, Failed, Cancelled };
const char* toString(JobState state);

// Runs one job at a time on its own thread. Callbacks fire on that worker thread; a GUI marshals
// them to its own. The destructor cancels and joins, so a runner never outlives its work.
class JobRunner {
public:
    using Work = std::function<void(const JobContext&)>;
    using FinishedFn = std::function<void(JobState, const std::string& error)>;

    JobRunner() = default;
    ~JobRunner();
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    // Throws cb::Error when a job is already running.
    void start(Work work, ProgressFn onProgress = {}, FinishedFn onFinished = {});
    void cancel();
    void wait();
    JobState state() const;
    std::string error() const;

private:
    mutable std::mutex mutex_;
    std::thread worker_;
    CancelToken token_;
    JobState state_ = JobState::Idle;
    std::string error_;
};

}  // namespace cb
