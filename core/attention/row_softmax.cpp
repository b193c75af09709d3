#include "core/attention/row_softmax.h"

#include <algorithm>
#include <cmath>
#include <limits>

#if defined(__x86_64__)
#include <immintrin.h>
#define CB_ROW_SOFTMAX_AVX2 1  // and AVX-512 where the CPU has it
#endif

namespace cb {
namespace {

float rowMaxScalar(const float* x, int64_t n) {
    float best = -std::numeric_limits<float>::infinity();
    for (int64_t j = 0; j < n; ++j) best = std::max(best, x[j]);
    return best;
}

float expShiftedScalar(float* x, int64_t n, float shift) {
    float sum = 0.f;
    for (int64_t j = 0; j < n; ++j) sum += (x[j] = std::exp(x[j] - shift));
    return sum;
}

#ifdef CB_ROW_SOFTMAX_AVX2
bool hasAvx2() {
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return yes;
}

bool hasAvx512() {
    static const bool yes = __builtin_cpu_supports("avx512f");
    return yes;
}

__attribute__((target("avx2,fma"))) float horizontalSum(__m256 v) {
    const __m128 pair = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 two = _mm_add_ps(pair, _mm_movehl_ps(pair, pair));
    return _mm_cvtss_f32(_mm_add_ss(two, _mm_shuffle_ps(two, two, 1)));
}

__attribute__((target("avx2,fma"))) float rowMaxAvx2(const float* x, int64_t n) {
    __m256 best = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) best = _mm256_max_ps(best, _mm256_loadu_ps(x + j));
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, best);
    float result = rowMaxScalar(x + j, n - j);
    for (float lane : lanes) result = std::max(result, lane);
    return result;
}

// exp(x) = 2^k exp(r), x = k ln2 + r with |r| <= ln2 / 2; ln2 split in two so r stays exact. One set
// of constants for both vector widths.
constexpr float kExpFloor = -87.0f;  // below this the float result is 0 for a softmax
constexpr float kLog2e = 1.44269504088896341f, kLn2High = 0.693359375f, kLn2Low = -2.12194440e-4f;
constexpr float kExpPoly[] = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f,
                              5.0000001201e-1f};

__attribute__((target("avx2,fma"))) __m256 expAvx2(__m256 x) {
    x = _mm256_max_ps(x, _mm256_set1_ps(kExpFloor));
    const __m256 k = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(kLog2e)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m256 r = _mm256_fnmadd_ps(k, _mm256_set1_ps(kLn2Low), _mm256_fnmadd_ps(k, _mm256_set1_ps(kLn2High), x));
    __m256 p = _mm256_set1_ps(kExpPoly[0]);
    for (int i = 1; i < 6; ++i) p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kExpPoly[i]));
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    const __m256i exponent = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(exponent));
}

__attribute__((target("avx2,fma"))) float expShiftedAvx2(float* x, int64_t n, float shift) {
    const __m256 s = _mm256_set1_ps(shift);
    __m256 sum = _mm256_setzero_ps();
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
        const __m256 e = expAvx2(_mm256_sub_ps(_mm256_loadu_ps(x + j), s));
        _mm256_storeu_ps(x + j, e);
        sum = _mm256_add_ps(sum, e);
    }
    return horizontalSum(sum) + expShiftedScalar(x + j, n - j, shift);
}

// The same two routines sixteen lanes wide. GCC 12's AVX-512 headers trip its own uninitialised-value
// warnings (their _mm512_undefined placeholders), hence the local silence.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
__attribute__((target("avx512f"))) float rowMaxAvx512(const float* x, int64_t n) {
    __m512 best = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) best = _mm512_max_ps(best, _mm512_loadu_ps(x + j));
    return std::max(_mm512_reduce_max_ps(best), rowMaxScalar(x + j, n - j));
}

__attribute__((target("avx512f"))) __m512 expAvx512(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(kExpFloor));
    const __m512 k = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(kLog2e)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512 r = _mm512_fnmadd_ps(k, _mm512_set1_ps(kLn2Low), _mm512_fnmadd_ps(k, _mm512_set1_ps(kLn2High), x));
    __m512 p = _mm512_set1_ps(kExpPoly[0]);
    for (int i = 1; i < 6; ++i) p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(kExpPoly[i]));
    p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
    const __m512i exponent = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(k), _mm512_set1_epi32(127)), 23);
    return _mm512_mul_ps(p, _mm512_castsi512_ps(exponent));
}

__attribute__((target("avx512f"))) float expShiftedAvx512(float* x, int64_t n, float shift) {
    const __m512 s = _mm512_set1_ps(shift);
    __m512 sum = _mm512_setzero_ps();
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) {
        const __m512 e = expAvx512(_mm512_sub_ps(_mm512_loadu_ps(x + j), s));
        _mm512_storeu_ps(x + j, e);
        sum = _mm512_add_ps(sum, e);
    }
    return _mm512_reduce_add_ps(sum) + expShiftedAvx2(x + j, n - j, shift);
}
#pragma GCC diagnostic pop
#endif

}  // namespace

float rowMax(const float* x, int64_t n) {
#ifdef CB_ROW_SOFTMAX_AVX2
    if (hasAvx512()) return rowMaxAvx512(x, n);
    if (hasAvx2()) return rowMaxAvx2(x, n);
#endif
    return rowMaxScalar(x, n);
}

float expShiftedInPlace(float* x, int64_t n, float shift) {
#ifdef CB_ROW_SOFTMAX_AVX2
    if (hasAvx512()) return expShiftedAvx512(x, n, shift);
    if (hasAvx2()) return expShiftedAvx2(x, n, shift);
#endif
    return expShiftedScalar(x, n, shift);
}

}  // namespace cb
