#include "core/jobs/job_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace cb {

TEST(JobRunner, RunsOffThreadAndReportsProgressInOrder) {
    JobRunner runner;
    std::vector<double> fractions;
    std::thread::id worker;
    JobState finished = JobState::Idle;
    runner.start(
        [&](const JobContext& job) {
            worker = std::this_thread::get_id();
            const auto half = job.slice(0.5, 1.0);
            job.report("first", 0.5);
            half.report("second", 0.5);
        },
        [&](const ProgressUpdate& u) { fractions.push_back(u.fraction); },
        [&](JobState s, const std::string&) { finished = s; });
    runner.wait();
    EXPECT_NE(worker, std::this_thread::get_id());
    EXPECT_EQ(fractions, (std::vector<double>{0.5, 0.75}));
    EXPECT_EQ(finished, JobState::Succeeded);
    EXPECT_EQ(runner.state(), JobState::Succeeded);
}

TEST(JobRunner, CancelStopsAJobAtItsNextCheck) {
    JobRunner runner;
    std::atomic<int> iterations{0};
    std::atomic<bool> started{false};
    runner.start([&](const JobContext& job) {
        started = true;
        for (;;) {
            job.throwIfCancelled();
            ++iterations;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    while (!started) std::this_thread::yield();
    runner.cancel();
    runner.wait();
    EXPECT_EQ(runner.state(), JobState::Cancelled);
    EXPECT_TRUE(runner.error().empty());
}

TEST(JobRunner, AFailureCarriesItsMessageAndTheRunnerCanStartAgain) {
    JobRunner runner;
    runner.start([](const JobContext&) { throw Error("disk full writing x.sqlite"); });
    runner.wait();
    EXPECT_EQ(runner.state(), JobState::Failed);
    EXPECT_EQ(runner.error(), "disk full writing x.sqlite");
    bool ran = false;
    runner.start([&](const JobContext&) { ran = true; });
    runner.wait();
    EXPECT_TRUE(ran);
}

TEST(JobRunner, RefusesASecondJobWhileOneRuns) {
    JobRunner runner;
    std::atomic<bool> release{false};
    runner.start([&](const JobContext&) {
        while (!release) std::this_thread::yield();
    });
    EXPECT_THROW(runner.start([](const JobContext&) {}), Error);
    release = true;
    runner.wait();
}

}  // namespace cb
