#pragma once

namespace cb {

// Caps this process's share of every GPU's memory at CONTEXTBENCH_CUDA_MEMORY_FRACTION (0 < f <= 1)
// when that variable is set, so several jobs can share a card, and an allocation beyond the share
// fails as an out-of-memory error. Throws naming the variable when its value is not such a fraction;
// does nothing without the variable or without CUDA.
void applyCudaMemoryCap();

}  // namespace cb
