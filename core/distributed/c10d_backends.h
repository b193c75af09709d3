#pragma once

// The c10d pieces behind Communicator; only the distributed sources include this.
#include <torch/csrc/distributed/c10d/Backend.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>

#include <chrono>
#include <string>

namespace cb::detail {

bool haveGloo();
bool haveNccl();

// Null when this build has no Gloo (its headers were missing at configure time).
c10::intrusive_ptr<c10d::Backend> makeGlooBackend(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size,
                                                  const std::string& masterAddress, std::chrono::milliseconds timeout);
// Null when this LibTorch has no CUDA or this build found no nccl.h. `device` is the rank's GPU.
c10::intrusive_ptr<c10d::Backend> makeNcclBackend(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size,
                                                  int device, std::chrono::milliseconds timeout);

}  // namespace cb::detail
