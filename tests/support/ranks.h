#pragma once

#include "core/distributed/communicator.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace cb::test {

// Runs `body(communicator)` as every rank of an in-process Gloo group, one thread a rank; a rank's
// exception fails the test with that rank's message.
inline void asGlooRanks(int size, const std::function<void(Communicator&)>& body) {
    InProcessRendezvous rendezvous;
    CommunicatorOptions options;
    options.backend = "gloo";
    options.timeout = std::chrono::seconds(60);
    std::vector<std::string> failures(static_cast<std::size_t>(size));
    std::vector<std::thread> threads;
    for (int r = 0; r < size; ++r)
        threads.emplace_back([&, r] {
            try {
                Communicator comm(rendezvous, r, size, "cpu", options);
                body(comm);
            } catch (const std::exception& e) {
                failures[static_cast<std::size_t>(r)] = e.what();
            }
        });
    for (auto& t : threads) t.join();
    for (int r = 0; r < size; ++r) EXPECT_EQ(failures[static_cast<std::size_t>(r)], "") << "rank " << r;
}

}  // namespace cb::test
