#include "app/cli/progress_printer.h"

#include <cstdio>
#include <unistd.h>

namespace cb::cli {

ProgressPrinter::ProgressPrinter() : terminal_(isatty(STDERR_FILENO) != 0) {}

ProgressPrinter::~ProgressPrinter() {
    if (lineOpen_) std::fputc('\n', stderr);
}

void ProgressPrinter::operator()(const ProgressUpdate& update) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    const bool newStage = update.stage != lastStage_;
    const auto interval = terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
    if (!newStage && now - lastPrint_ < interval) return;
    lastPrint_ = now;
    lastStage_ = update.stage;
    const int percent = static_cast<int>(update.fraction * 100.0);
    if (terminal_) {
        std::fprintf(stderr, "\r\033[K[%3d%%] %s%s%s", percent, update.stage.c_str(), update.detail.empty() ? "" : " - ",
                     update.detail.c_str());
        lineOpen_ = true;
    } else {
        std::fprintf(stderr, "[%3d%%] %s%s%s\n", percent, update.stage.c_str(), update.detail.empty() ? "" : " - ",
                     update.detail.c_str());
    }
    std::fflush(stderr);
}

}  // namespace cb::cli
