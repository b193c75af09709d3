#include "core/distributed/communicator.h"

#include "core/common/error.h"
#include "core/distributed/c10d_backends.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/distributed/c10d/HashStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <cstring>
#include <functional>

namespace cb {

struct InProcessRendezvous::Impl {
    c10::intrusive_ptr<c10d::Store> store = c10::make_intrusive<c10d::HashStore>();
};

InProcessRendezvous::InProcessRendezvous() : impl_(std::make_unique<Impl>()) {}
InProcessRendezvous::~InProcessRendezvous() = default;

struct Communicator::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::Backend> backend;
};

namespace {

constexpr const char* kRankLost =
    " (another rank may have stopped or lost its connection: its own output says why)";

int cudaIndexOf(const std::string& device, int fallback) {
    const auto colon = device.find(':');
    return colon == std::string::npos ? fallback : std::stoi(device.substr(colon + 1));
}

bool wantsNccl(const std::string& backend, const std::string& device) {
    if (backend == "nccl") return true;
    if (backend == "gloo") return false;
    if (backend != "auto") throw Error("distributed backend '" + backend + "' is not one of gloo, nccl, auto");
    return device.rfind("cuda", 0) == 0;
}

class WorkInFlight final : public PendingCollective {
public:
    WorkInFlight(c10::intrusive_ptr<c10d::Work> work, std::string what) : work_(std::move(work)), what_(std::move(what)) {}
    void wait() override {
        if (!work_) return;
        try {
            work_->wait();
        } catch (const std::exception& e) {
            throw Error(what_ + " failed: " + e.what() + kRankLost);
        }
        work_.reset();
    }

private:
    c10::intrusive_ptr<c10d::Work> work_;
    std::string what_;
};

// Starts a collective and waits for it; either step failing is an error naming `where`.
void runCollective(const std::string& where, const std::function<c10::intrusive_ptr<c10d::Work>()>& start) {
    c10::intrusive_ptr<c10d::Work> work;
    try {
        work = start();
    } catch (const std::exception& e) {
        throw Error(where + " failed: " + e.what() + kRankLost);
    }
    WorkInFlight(std::move(work), where).wait();
}

class NothingInFlight final : public PendingCollective {
public:
    void wait() override {}
};

at::Tensor bytesTensor(const std::string& value, std::size_t length, const std::string& device) {
    auto cpu = at::zeros({static_cast<int64_t>(length)}, at::kByte);
    std::memcpy(cpu.data_ptr<std::uint8_t>(), value.data(), std::min(length, value.size()));
    return cpu.to(at::Device(device));
}

std::string stringOf(const at::Tensor& bytes, std::size_t length) {
    const auto cpu = bytes.to(at::kCPU).contiguous();
    return std::string(reinterpret_cast<const char*>(cpu.data_ptr<std::uint8_t>()), length);
}

}  // namespace

std::vector<std::string> availableBackends() {
    std::vector<std::string> names;
    if (detail::haveGloo()) names.push_back("gloo");
    if (detail::haveNccl()) names.push_back("nccl");
    return names;
}

Communicator::Communicator() = default;
Communicator::~Communicator() = default;

Communicator::Communicator(InProcessRendezvous& rendezvous, int rank, int size, const std::string& device,
                           const CommunicatorOptions& options)
    : rank_(rank), size_(size), impl_(std::make_unique<Impl>()) {
    impl_->store = c10::make_intrusive<c10d::PrefixStore>("contextbench", rendezvous.impl().store);
    if (wantsNccl(options.backend, device)) {
        impl_->backend = detail::makeNcclBackend(impl_->store, rank, size, cudaIndexOf(device, 0), options.timeout);
        backendName_ = "nccl";
        tensorDevice_ = device;
    } else {
        impl_->backend = detail::makeGlooBackend(impl_->store, rank, size, "127.0.0.1", options.timeout);
        backendName_ = "gloo";
    }
    if (!impl_->backend) throw Error(label() + ": this build of ContextBench has no " + backendName_ + " backend");
}

Communicator::Communicator(const LaunchEnvironment& env, const std::string& device, const CommunicatorOptions& options)
    : rank_(env.rank), size_(env.worldSize) {
    if (!env.distributed()) return;
    impl_ = std::make_unique<Impl>();
    c10d::TCPStoreOptions storeOptions;
    storeOptions.port = static_cast<std::uint16_t>(env.masterPort);
    storeOptions.isServer = env.rank == 0;
    storeOptions.numWorkers = static_cast<std::size_t>(env.worldSize);
    storeOptions.waitWorkers = true;
    storeOptions.timeout = options.connectTimeout;
    const auto where = env.masterAddress + ":" + std::to_string(env.masterPort);
    c10::intrusive_ptr<c10d::Store> tcp;
    try {
        tcp = c10::make_intrusive<c10d::TCPStore>(env.masterAddress, storeOptions);
    } catch (const std::exception& e) {
        const auto seconds = std::to_string(options.connectTimeout.count() / 1000);
        throw Error(env.label() + (env.rank == 0 ? ": could not serve the rendezvous at " + where + " or not every rank joined it within "
                                               : ": could not reach the master (rank 0) at " + where + " within ") +
                    seconds + " s: " + e.what());
    }
    impl_->store = c10::make_intrusive<c10d::PrefixStore>("contextbench", tcp);
    try {
        if (wantsNccl(options.backend, device)) {
            backendName_ = "nccl";
            tensorDevice_ = device;
            impl_->backend = detail::makeNcclBackend(impl_->store, rank_, size_, cudaIndexOf(device, env.localRank), options.timeout);
        } else {
            backendName_ = "gloo";
            impl_->backend = detail::makeGlooBackend(impl_->store, rank_, size_, env.masterAddress, options.timeout);
        }
    } catch (const std::exception& e) {
        throw Error(label() + ": could not set up the " + backendName_ + " process group: " + e.what());
    }
    if (!impl_->backend) throw Error(label() + ": this build of ContextBench has no " + backendName_ + " backend");
}

std::string Communicator::label() const { return "rank " + std::to_string(rank_) + " of " + std::to_string(size_); }

std::unique_ptr<PendingCollective> Communicator::allReduceSumAsync(at::Tensor& tensor, const std::string& what) {
    if (alone()) return std::make_unique<NothingInFlight>();
    std::vector<at::Tensor> tensors{tensor};
    try {
        return std::make_unique<WorkInFlight>(impl_->backend->allreduce(tensors), label() + ": " + what);
    } catch (const std::exception& e) {
        throw Error(label() + ": " + what + " failed: " + e.what() + kRankLost);
    }
}

void Communicator::allReduceSum(at::Tensor& tensor, const std::string& what) { allReduceSumAsync(tensor, what)->wait(); }

void Communicator::broadcast(at::Tensor& tensor, const std::string& what) {
    if (alone()) return;
    std::vector<at::Tensor> tensors{tensor};
    c10d::BroadcastOptions options;
    options.rootRank = 0;
    runCollective(label() + ": " + what, [&] { return impl_->backend->broadcast(tensors, options); });
}

std::string Communicator::broadcastString(const std::string& value, const std::string& what) {
    if (alone()) return value;
    auto length = at::empty({1}, at::kLong);
    length.fill_(static_cast<int64_t>(value.size()));
    length = length.to(at::Device(tensorDevice_));
    broadcast(length, what + " (length)");
    const auto n = static_cast<std::size_t>(length.to(at::kCPU).item<int64_t>());
    auto bytes = bytesTensor(value, n, tensorDevice_);
    broadcast(bytes, what);
    return stringOf(bytes, n);
}

std::vector<at::Tensor> Communicator::allGather(const at::Tensor& tensor, const std::string& what) {
    if (alone()) return {tensor};
    std::vector<at::Tensor> input{tensor.contiguous()};
    std::vector<std::vector<at::Tensor>> output(1);
    for (int r = 0; r < size_; ++r) output[0].push_back(at::empty_like(input[0]));
    runCollective(label() + ": " + what, [&] { return impl_->backend->allgather(output, input); });
    return output[0];
}

std::vector<at::Tensor> Communicator::gatherToRoot(const at::Tensor& tensor, const std::string& what) {
    if (alone()) return {tensor};
    std::vector<at::Tensor> input{tensor.contiguous()};
    std::vector<std::vector<at::Tensor>> output;
    if (isRoot()) {
        output.emplace_back();
        for (int r = 0; r < size_; ++r) output[0].push_back(at::empty_like(input[0]));
    }
    c10d::GatherOptions options;
    options.rootRank = 0;
    runCollective(label() + ": " + what, [&] { return impl_->backend->gather(output, input, options); });
    return isRoot() ? output[0] : std::vector<at::Tensor>{};
}

std::vector<std::string> Communicator::allGatherStrings(const std::string& value, const std::string& what) {
    if (alone()) return {value};
    auto length = at::empty({1}, at::kLong);
    length.fill_(static_cast<int64_t>(value.size()));
    std::vector<std::size_t> lengths;
    std::size_t longest = 0;
    for (const auto& l : allGather(length.to(at::Device(tensorDevice_)), what + " (lengths)")) {
        lengths.push_back(static_cast<std::size_t>(l.to(at::kCPU).item<int64_t>()));
        longest = std::max(longest, lengths.back());
    }
    const auto gathered = allGather(bytesTensor(value, std::max<std::size_t>(longest, 1), tensorDevice_), what);
    std::vector<std::string> out;
    for (int r = 0; r < size_; ++r) out.push_back(stringOf(gathered[static_cast<std::size_t>(r)], lengths[static_cast<std::size_t>(r)]));
    return out;
}

void Communicator::barrier(const std::string& what) {
    if (alone()) return;
    auto token = at::zeros({1}, at::TensorOptions().dtype(at::kFloat).device(at::Device(tensorDevice_)));
    allReduceSum(token, what);
}

void Communicator::requireSameOnAllRanks(const std::string& value, const std::string& what) {
    const auto all = allGatherStrings(value, "comparing " + what + " across ranks");
    for (int r = 1; r < size_; ++r)
        if (all[static_cast<std::size_t>(r)] != all[0])
            throw Error(label() + ": rank " + std::to_string(r) + "'s " + what + " differs from rank 0's; every rank of a launch must run the same " +
                        what + " (rank 0: " + all[0].substr(0, 200) + ", rank " + std::to_string(r) + ": " +
                        all[static_cast<std::size_t>(r)].substr(0, 200) + ")");
}

}  // namespace cb
