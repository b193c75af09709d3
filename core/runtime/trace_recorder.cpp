#include "core/runtime/trace_recorder.h"

#include <ATen/Context.h>
#include <torch/csrc/autograd/profiler_kineto.h>

#include <cstdlib>
#include <iostream>
#include <set>

namespace cb {
namespace {

namespace prof = torch::profiler::impl;

prof::ProfilerConfig traceConfig() { return prof::ProfilerConfig(prof::ProfilerState::KINETO); }

std::set<prof::ActivityType> traceActivities() {
    std::set<prof::ActivityType> activities{prof::ActivityType::CPU};
    if (at::hasCUDA()) activities.insert(prof::ActivityType::CUDA);
    return activities;
}

}  // namespace

TraceRecorder::TraceRecorder(std::string path) : path_(std::move(path)) {
    const auto config = traceConfig();
    const auto activities = traceActivities();
    torch::autograd::profiler::prepareProfiler(config, activities);
    torch::autograd::profiler::enableProfiler(config, activities);
    active_ = true;
}

TraceRecorder::~TraceRecorder() {
    try {
        finish();
    } catch (const std::exception& e) {
        // A destructor must not throw; the command's own result matters more than its trace.
        std::cerr << "trace " << path_ << " not written: " << e.what() << "\n";
    }
}

void TraceRecorder::finish() {
    if (!active_) return;
    active_ = false;
    auto result = torch::autograd::profiler::disableProfiler();
    if (result) result->save(path_);
}

std::unique_ptr<TraceRecorder> TraceRecorder::fromEnvironment(const char* variable) {
    const char* path = std::getenv(variable);
    if (!path || !*path) return nullptr;
    return std::make_unique<TraceRecorder>(path);
}

}  // namespace cb
