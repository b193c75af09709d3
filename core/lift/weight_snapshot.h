#pragma once

#include <ATen/core/Tensor.h>

#include <utility>
#include <vector>

namespace torch::nn {
class Module;
}

namespace cb {

// A copy of every parameter and buffer of a module, written back when the snapshot ends: full
// fine-tuning at test time changes the weights in place, and the user's model must come back bit
// for bit whatever happened in between (an error or a cancel included).
class WeightSnapshot {
public:
    explicit WeightSnapshot(torch::nn::Module& module);
    ~WeightSnapshot();
    WeightSnapshot(const WeightSnapshot&) = delete;
    WeightSnapshot& operator=(const WeightSnapshot&) = delete;

private:
    std::vector<std::pair<at::Tensor, at::Tensor>> saved_;  // live tensor, its copy
};

}  // namespace cb
