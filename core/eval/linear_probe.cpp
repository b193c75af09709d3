#include "core/eval/linear_probe.h"

#include "core/eval/logistic_regression.h"
#include "core/eval/maxabs_scaler.h"
#include "core/eval/metrics.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace cb {

nlohmann::json ProbeConfig::toJson() const {
    return {{"c_grid", cGrid}, {"bootstrap_replicates", bootstrapReplicates}, {"bootstrap_seed", bootstrapSeed}};
}

ProbeConfig ProbeConfig::fromJson(const nlohmann::json& j) {
    ProbeConfig c;
    c.cGrid = j.value("c_grid", c.cGrid);
    c.bootstrapReplicates = j.value("bootstrap_replicates", c.bootstrapReplicates);
    c.bootstrapSeed = j.value("bootstrap_seed", c.bootstrapSeed);
    return c;
}

namespace {

struct SplitRows {
    std::vector<std::size_t> rows;
    std::vector<std::uint8_t> labels;
    int positives = 0;
};

}  // namespace

TaskResult evaluateLinearProbe(const FeatureMatrix& features, const std::string& task,
                               const std::vector<ProbeExample>& examples, const ProbeConfig& config,
                               const PatientBootstrap& bootstrap, const std::vector<int>& slotOf) {
    TaskResult result;
    result.task = task;
    const std::size_t cols = features.cols;
    std::vector<double> x(examples.size() * cols);
    SplitRows parts[3];
    for (std::size_t i = 0; i < examples.size(); ++i) {
        const float* src = features.row(examples[i].featureRow);
        for (std::size_t c = 0; c < cols; ++c) x[i * cols + c] = src[c];
        auto& part = parts[static_cast<int>(examples[i].split)];
        part.rows.push_back(i);
        part.labels.push_back(examples[i].label);
        part.positives += examples[i].label;
    }
    auto& train = parts[static_cast<int>(Split::Train)];
    auto& validation = parts[static_cast<int>(Split::Tuning)];
    auto& test = parts[static_cast<int>(Split::HeldOut)];
    result.trainCount = static_cast<int>(train.rows.size());
    result.validationCount = static_cast<int>(validation.rows.size());
    result.testCount = static_cast<int>(test.rows.size());
    result.testPositives = test.positives;
    for (const auto* part : {&train, &validation, &test}) {
        const auto n = static_cast<int>(part->rows.size());
        if (part->positives == 0 || part->positives == n) {
            const char* name = part == &train ? "train" : (part == &validation ? "validation" : "test");
            result.skipReason = std::string(name) + " split has " + std::to_string(part->positives) + " positives out of " +
                                std::to_string(n) + ": AUROC is undefined";
            return result;
        }
    }

    MaxAbsScaler scaler;
    scaler.fit(x, cols, train.rows);
    scaler.transformInPlace(x, cols);

    auto scoresFor = [&](const LogisticModel& model, const std::vector<std::size_t>& rows) {
        std::vector<double> p(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) p[i] = model.probability(&x[rows[i] * cols]);
        return p;
    };

    double bestAuroc = -1.0;
    LogisticModel best;
    for (double C : config.cGrid) {
        auto model = fitLogistic(x, cols, train.rows, train.labels, C);
        const double valAuroc = auroc(validation.labels, scoresFor(model, validation.rows));
        result.validationAuroc.push_back(valAuroc);
        if (valAuroc > bestAuroc) {  // strict: the first C of a tie wins, as GridSearchCV's argmin of ranks
            bestAuroc = valAuroc;
            best = std::move(model);
            result.bestC = C;
        }
    }

    const auto probabilities = scoresFor(best, test.rows);
    result.auroc.value = auroc(test.labels, probabilities);
    result.auprc.value = auprc(test.labels, probabilities);
    result.brier.value = brier(test.labels, probabilities);
    for (std::size_t i = 0; i < test.rows.size(); ++i) {
        const auto& e = examples[test.rows[i]];
        result.predictions.push_back({e.patient, e.time, e.label, probabilities[i]});
    }

    const WeightedAuroc aurocOf(test.labels, probabilities);
    const WeightedAuprc auprcOf(test.labels, probabilities);
    std::vector<double> weights(test.rows.size()), aurocs, auprcs, briers;
    for (int r = 0; r < bootstrap.replicates(); ++r) {
        const auto counts = bootstrap.counts(r);
        for (std::size_t i = 0; i < test.rows.size(); ++i) {
            const int slot = slotOf[examples[test.rows[i]].patient];
            weights[i] = slot >= 0 ? counts[static_cast<std::size_t>(slot)] : 0.0;
        }
        aurocs.push_back(aurocOf(weights));
        auprcs.push_back(auprcOf(weights));
        briers.push_back(weightedBrier(test.labels, probabilities, weights));
    }
    result.auroc = percentileInterval(result.auroc.value, aurocs);
    result.auprc = percentileInterval(result.auprc.value, auprcs);
    result.brier = percentileInterval(result.brier.value, briers);
    result.aurocReplicates = std::move(aurocs);
    result.evaluated = true;
    return result;
}

Estimate meanAurocOverTasks(const std::vector<TaskResult>& tasks) {
    std::vector<const TaskResult*> used;
    for (const auto& t : tasks)
        if (t.evaluated) used.push_back(&t);
    if (used.empty()) return {std::numeric_limits<double>::quiet_NaN(), 0, 0, 0};
    double point = 0.0;
    for (const auto* t : used) point += t->auroc.value;
    point /= static_cast<double>(used.size());
    const std::size_t replicates = used.front()->aurocReplicates.size();
    std::vector<double> means(replicates, 0.0);
    for (std::size_t r = 0; r < replicates; ++r) {
        for (const auto* t : used) means[r] += t->aurocReplicates[r];  // NaN propagates: replicate skipped
        means[r] /= static_cast<double>(used.size());
    }
    return percentileInterval(point, means);
}

}  // namespace cb
