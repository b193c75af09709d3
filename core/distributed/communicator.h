#pragma once

#include "core/distributed/launch_environment.h"

#include <ATen/core/Tensor.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace cb {

// A collective in flight. wait() returns once the result is in the tensor, or throws cb::Error
// naming the operation and the rank.
class PendingCollective {
public:
    virtual ~PendingCollective() = default;
    virtual void wait() = 0;
};

struct CommunicatorOptions {
    // "gloo", "nccl", or "auto": NCCL for a CUDA device when this build has it, Gloo otherwise.
    std::string backend = "auto";
    std::chrono::milliseconds timeout{std::chrono::minutes(10)};        // any one collective
    std::chrono::milliseconds connectTimeout{std::chrono::seconds(60)};  // reaching the master
};

// The c10d backends this build can launch ranks with: "gloo" (CPU, and CUDA tensors through the
// host), "nccl" (CUDA builds that found nccl.h).
std::vector<std::string> availableBackends();

// Ranks of one process that meet through an in-memory store instead of a master (tests).
class InProcessRendezvous {
public:
    InProcessRendezvous();
    ~InProcessRendezvous();
    struct Impl;
    Impl& impl() { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

// The process group of a sweep: a c10d backend (Gloo on CPUs, NCCL on GPUs) joined through a TCP
// store that rank 0 serves at MASTER_ADDR:MASTER_PORT. A default-constructed one is a process on its
// own, for which every collective leaves its input as it is, so callers need no second code path.
// All collectives must be called in the same order on every rank.
class Communicator {
public:
    Communicator();
    Communicator(const LaunchEnvironment& env, const std::string& device, const CommunicatorOptions& options = {});
    Communicator(InProcessRendezvous& rendezvous, int rank, int size, const std::string& device,
                 const CommunicatorOptions& options = {});
    ~Communicator();
    Communicator(const Communicator&) = delete;
    Communicator& operator=(const Communicator&) = delete;

    int rank() const { return rank_; }
    int size() const { return size_; }
    bool isRoot() const { return rank_ == 0; }
    bool alone() const { return size_ == 1; }
    std::string label() const;
    std::string backend() const { return backendName_; }
    // Where the backend wants its tensors: the rank's CUDA device for NCCL, the CPU for Gloo.
    std::string tensorDevice() const { return tensorDevice_; }

    // `what` names the operation in errors: "all-reducing gradients at step 12".
    void allReduceSum(at::Tensor& tensor, const std::string& what);
    std::unique_ptr<PendingCollective> allReduceSumAsync(at::Tensor& tensor, const std::string& what);
    // From rank 0 to every rank, in place.
    void broadcast(at::Tensor& tensor, const std::string& what);
    std::string broadcastString(const std::string& value, const std::string& what);
    // Every rank's tensor (same shape on every rank), in rank order.
    std::vector<at::Tensor> allGather(const at::Tensor& tensor, const std::string& what);
    std::vector<std::string> allGatherStrings(const std::string& value, const std::string& what);
    // Every rank's tensor (same shape on every rank) at rank 0, in rank order; empty on other ranks.
    std::vector<at::Tensor> gatherToRoot(const at::Tensor& tensor, const std::string& what);
    void barrier(const std::string& what);

    // Throws on every rank, naming the first rank whose `value` differs from rank 0's: the ranks of a
    // launch must agree on what they run.
    void requireSameOnAllRanks(const std::string& value, const std::string& what);

    struct Impl;

private:
    int rank_ = 0;
    int size_ = 1;
    std::string backendName_ = "none";
    std::string tensorDevice_ = "cpu";
    std::unique_ptr<Impl> impl_;
};

}  // namespace cb
