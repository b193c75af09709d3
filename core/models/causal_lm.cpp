#include "core/models/causal_lm.h"

#include <torch/nn/module.h>

namespace cb {

std::int64_t CausalLm::parameterCount() {
    std::int64_t n = 0;
    for (const auto& p : module().parameters()) n += p.numel();
    return n;
}

}  // namespace cb
