#pragma once

#include <cstdint>

namespace cb {

// Pieces of a row softmax over float scores, vectorised with AVX-512, or AVX2 and FMA, when the CPU has
// them (checked once at run time) and plain loops otherwise; the build needs no special flags.

// Largest of x[0..n), -inf when n is 0.
float rowMax(const float* x, int64_t n);

// x[j] <- exp(x[j] - shift) for j in [0, n); returns the sum of the new values. The vector exp is a
// degree-6 polynomial after range reduction, within 2 ulp of std::exp for the arguments <= 0 a
// softmax gives it.
float expShiftedInPlace(float* x, int64_t n, float shift);

}  // namespace cb
