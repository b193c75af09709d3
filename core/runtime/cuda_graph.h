#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <functional>
#include <memory>
#include <string>

namespace cb {

// A computation of fixed shapes recorded once as a CUDA graph and replayed: one launch for the
// whole of it instead of one per kernel, which is what a short forward pass on a large GPU is
// bound by.
class CapturedComputation {
public:
    // Null, with the reason in *whyNot, on a build without CUDA or on a CPU device. A computation
    // that cannot be captured (it synchronises with the host, say) throws cb::Error.
    static std::unique_ptr<CapturedComputation> capture(const std::function<at::Tensor()>& compute, const c10::Device& device,
                                                        std::string* whyNot);
    virtual ~CapturedComputation() = default;
    // Runs the recorded kernels again; the result lands in the same tensor every time.
    virtual at::Tensor replay() = 0;
};

}  // namespace cb
