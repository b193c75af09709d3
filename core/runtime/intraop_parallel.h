#pragma once

#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace cb {

// Runs body(i, state) for every i in [0, count) on LibTorch's intra-op thread count, items handed out
// one at a time so that uneven items balance; each worker first builds its own state with
// makeState(). The calling thread works too; the first exception stops the others and is rethrown.
//
// at::parallel_for is not used because its OpenMP body is a header template: compiled in a unit
// built without -fopenmp (as ours are, to share LibTorch's own OpenMP runtime rather than link a
// second one) it silently runs on one thread.
template <typename MakeState, typename Body>
void parallelItems(int64_t count, MakeState makeState, Body body) {
    std::atomic<int64_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto worker = [&] {
        try {
            auto state = makeState();
            for (int64_t i; !failed && (i = next.fetch_add(1)) < count;) body(i, state);
        } catch (...) {
            std::lock_guard lock(errorMutex);
            if (!error) error = std::current_exception();
            failed = true;
        }
    };
    const int64_t threads = std::clamp<int64_t>(at::get_num_threads(), 1, std::max<int64_t>(count, 1));
    {
        std::vector<std::jthread> pool;
        for (int64_t t = 1; t < threads; ++t) pool.emplace_back(worker);
        worker();
    }
    if (error) std::rethrow_exception(error);
}

}  // namespace cb
