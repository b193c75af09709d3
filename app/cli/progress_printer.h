#pragma once

#include "core/jobs/job_context.h"

#include <chrono>
#include <mutex>
#include <string>

namespace cb::cli {

// Prints job progress to stderr: an updating line on a terminal, a line every few seconds and at
// every new stage otherwise (logs, CI).
class ProgressPrinter {
public:
    ProgressPrinter();
    ~ProgressPrinter();
    void operator()(const ProgressUpdate& update);
    ProgressFn callback() {
        return [this](const ProgressUpdate& u) { (*this)(u); };
    }

private:
    std::mutex mutex_;
    bool terminal_;
    std::string lastStage_;
    std::chrono::steady_clock::time_point lastPrint_{};
    bool lineOpen_ = false;
};

}  // namespace cb::cli
