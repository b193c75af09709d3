#pragma once

#include <memory>
#include <string>

namespace cb {

// Records a Chrome trace (CPU operators and, where the build has CUDA, GPU kernels) of everything
// LibTorch runs while it lives, and writes it to `path` when it goes. For finding where the time of a
// command goes on a machine without a graphical profiler.
class TraceRecorder {
public:
    explicit TraceRecorder(std::string path);
    ~TraceRecorder();
    TraceRecorder(const TraceRecorder&) = delete;
    TraceRecorder& operator=(const TraceRecorder&) = delete;

    // Stops recording and writes the trace now; the destructor does nothing after this.
    void finish();

    // A recorder on the path named by the environment variable, or none when it is unset.
    static std::unique_ptr<TraceRecorder> fromEnvironment(const char* variable);

private:
    std::string path_;
    bool active_ = false;
};

}  // namespace cb
