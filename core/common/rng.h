#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace cb {

// xoshiro256** seeded through splitmix64, with samplers written out here rather than taken from
// <random>: the standard distributions differ between library versions, and a synthetic cohort or a
// bootstrap must be identical for a given seed on every machine.
class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto& word : s_) word = splitmix(seed);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

    // Uniform integer in [0, n); n must be positive. Lemire's method without the rejection step
    // would bias large n, so it rejects.
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t threshold = (0 - n) % n;
        for (;;) {
            const std::uint64_t r = next();
            if (r >= threshold) return r % n;
        }
    }

    bool bernoulli(double p) { return uniform() < p; }

    double normal() {
        if (hasSpare_) {
            hasSpare_ = false;
            return spare_;
        }
        double u = 0.0;
        while (u <= std::numeric_limits<double>::min()) u = uniform();
        const double v = uniform();
        const double radius = std::sqrt(-2.0 * std::log(u));
        spare_ = radius * std::sin(2.0 * M_PI * v);
        hasSpare_ = true;
        return radius * std::cos(2.0 * M_PI * v);
    }
    double normal(double mean, double sd) { return mean + sd * normal(); }
    double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }
    double exponential(double rate) { return -std::log1p(-uniform()) / rate; }

    // Marsaglia and Tsang; shape below 1 uses the boost u^(1/shape).
    double gamma(double shape) {
        if (shape < 1.0) return gamma(shape + 1.0) * std::pow(uniform() + 1e-300, 1.0 / shape);
        const double d = shape - 1.0 / 3.0;
        const double c = 1.0 / std::sqrt(9.0 * d);
        for (;;) {
            double x = 0.0, v = 0.0;
            do {
                x = normal();
                v = 1.0 + c * x;
            } while (v <= 0.0);
            v = v * v * v;
            const double u = uniform();
            if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
            if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
        }
    }
    double beta(double a, double b) {
        const double x = gamma(a);
        return x / (x + gamma(b));
    }
    // Knuth for small means, a normal approximation above 30 (counts of codes per visit).
    int poisson(double mean) {
        if (mean <= 0.0) return 0;
        if (mean > 30.0) return std::max(0, static_cast<int>(std::lround(normal(mean, std::sqrt(mean)))));
        const double limit = std::exp(-mean);
        double product = uniform();
        int k = 0;
        while (product > limit) {
            product *= uniform();
            ++k;
        }
        return k;
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix(std::uint64_t& state) {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::uint64_t s_[4]{};
    double spare_ = 0.0;
    bool hasSpare_ = false;
};

}  // namespace cb
