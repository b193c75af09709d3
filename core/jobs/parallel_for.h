#pragma once

#include "core/jobs/job_context.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cb {

// Runs `body(i)` for every i in [0, count) on all cores (at most 16 threads), items handed out one
// at a time so uneven items balance. The calling thread works too and alone reports progress
// (every `reportEvery` items) and checks for a cancel; the first exception (a cancel included)
// stops the other workers and is rethrown here.
template <typename F>
void parallelFor(std::size_t count, const JobContext& job, const std::string& stage, F body, std::size_t reportEvery = 256) {
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto worker = [&](bool reports) {
        try {
            for (std::size_t i; !failed && (i = next.fetch_add(1)) < count;) {
                body(i);
                const std::size_t finished = ++done;
                if (reports && finished % reportEvery == 0) {
                    job.throwIfCancelled();
                    job.report(stage, static_cast<double>(finished) / static_cast<double>(count));
                }
            }
        } catch (...) {
            std::lock_guard lock(errorMutex);
            if (!error) error = std::current_exception();
            failed = true;
        }
    };
    const unsigned threads = std::max(1u, std::min({std::thread::hardware_concurrency(), 16u, static_cast<unsigned>(std::max<std::size_t>(count, 1))}));
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, false);
    worker(true);
    pool.clear();
    if (error) std::rethrow_exception(error);
    job.report(stage, 1.0);
}

}  // namespace cb
