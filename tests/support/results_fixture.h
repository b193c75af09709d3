#pragma once

#include "core/analysis/run_kinds.h"
#include "core/eval/metrics.h"
#include "core/store/result_store.h"

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace cb::test {

// A synthetic AUROC-versus-context run for store-level tests and benchmarks: `patients` test
// subjects, one prediction time each, the same labels for every run of a seed-free cohort, and
// scores that separate the classes by `signal` standard deviations (noise drawn from `noiseSeed`).
struct FixtureRun {
    std::string cohortHash = "cohort-a";
    std::string architecture = "LlamaForCausalLM";
    int context = 512;
    std::string attention = "full";
    double signal = 1.0;
    unsigned noiseSeed = 1;
    std::vector<std::string> tasks = {"guo_los", "guo_readmission", "new_hypertension"};
    int patients = 200;
    std::string modelPath;  // empty: no model record
    bool storePredictions = true;  // false: metrics only, as the browser reads them
};

inline int fixtureLabel(const std::string& task, int patient) {
    // Fixed per (task, patient), about 30% positive, so every run of a cohort agrees on labels.
    const auto h = std::hash<std::string>{}(task + "#" + std::to_string(patient));
    return (h % 10) < 3 ? 1 : 0;
}

inline std::int64_t addFixtureRun(ResultStore& store, const FixtureRun& f) {
    std::mt19937 rng(f.noiseSeed);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<MetricRow> metrics;
    std::vector<PredictionRow> predictions;
    double mean = 0.0;
    for (const auto& task : f.tasks) {
        std::vector<std::uint8_t> labels;
        std::vector<double> scores;
        for (int p = 0; p < f.patients; ++p) {
            const int label = fixtureLabel(task, p);
            const double probability = 1.0 / (1.0 + std::exp(-(f.signal * (label ? 0.5 : -0.5) + noise(rng))));
            labels.push_back(static_cast<std::uint8_t>(label));
            scores.push_back(probability);
            predictions.push_back({task, 1000 + p, 86'400'000'000LL * (p % 7 + 1), label, probability});
        }
        const double a = auroc(labels, scores);
        mean += a / static_cast<double>(f.tasks.size());
        metrics.push_back({task, "auroc", a, a - 0.05, a + 0.05, 1000});
        metrics.push_back({task, "brier", brier(labels, scores), std::nullopt, std::nullopt, 1000});
    }
    metrics.push_back({kMeanOverTasks, "auroc", mean, mean - 0.03, mean + 0.03, 1000});
    std::string modelKey;
    if (!f.modelPath.empty()) {
        ModelRecord model;
        model.key = "model-" + f.architecture + "-" + std::to_string(f.context) + "-" + std::to_string(f.noiseSeed);
        model.weightsHash = "w" + model.key;
        model.cohortHash = f.cohortHash;
        model.architecture = f.architecture;
        model.contextLength = f.context;
        model.path = f.modelPath;
        model.config = nlohmann::json::object();
        model.training = nlohmann::json::object();
        store.putModel(model);
        modelKey = model.key;
    }
    RunRecord run;
    run.key = f.cohortHash + "/" + f.architecture + "/" + std::to_string(f.context) + "/" + f.attention + "/" +
              std::to_string(f.noiseSeed) + "/" + std::to_string(f.signal);
    run.kind = kContextAurocRunKind;
    run.cohortHash = f.cohortHash;
    run.modelKey = modelKey;
    run.weightsHash = "w" + modelKey;
    run.architecture = f.architecture;
    run.contextLength = f.context;
    run.attention = f.attention;
    run.config = {{"context", f.context}};
    run.seconds = 2.0;
    run.machine = "fixture";
    run.runtime = "torch 2.11.0, cpu";
    if (!f.storePredictions) predictions.clear();
    return store.putCompleteRun(run, metrics, predictions);
}

}  // namespace cb::test
