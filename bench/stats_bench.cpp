// The statistics of an evaluation (14 tasks x 1,000 bootstrap replicates per context) must cost
// seconds, not minutes. The baseline in the same run is scikit-learn's way of scoring a resample:
// materialising it and sorting it again, which the weighted single pass replaces.
#include "core/common/rng.h"
#include "core/eval/metrics.h"

#include <benchmark/benchmark.h>

#include <vector>

namespace {

struct Sample {
    std::vector<std::uint8_t> labels;
    std::vector<double> scores, weights;
    Sample(std::size_t n) {
        cb::Rng rng(3);
        for (std::size_t i = 0; i < n; ++i) {
            labels.push_back(rng.bernoulli(0.2));
            scores.push_back(rng.normal() + labels.back());
            weights.push_back(static_cast<double>(rng.poisson(1.0)));
        }
    }
};

void weightedPass(benchmark::State& state) {
    const Sample s(static_cast<std::size_t>(state.range(0)));
    const cb::WeightedAuroc auroc(s.labels, s.scores);
    for (auto _ : state) benchmark::DoNotOptimize(auroc(s.weights));
}

void materialiseAndSort(benchmark::State& state) {
    const Sample s(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        std::vector<std::uint8_t> labels;
        std::vector<double> scores;
        for (std::size_t i = 0; i < s.labels.size(); ++i)
            for (int k = 0; k < static_cast<int>(s.weights[i]); ++k) {
                labels.push_back(s.labels[i]);
                scores.push_back(s.scores[i]);
            }
        benchmark::DoNotOptimize(cb::auroc(labels, scores));
    }
}

}  // namespace

BENCHMARK(weightedPass)->Arg(500)->Arg(5000);
BENCHMARK(materialiseAndSort)->Arg(500)->Arg(5000);
BENCHMARK_MAIN();
