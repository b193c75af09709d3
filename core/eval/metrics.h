#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cb {

// Binary classification metrics with scikit-learn's definitions. Labels are 0/1.
// Each returns NaN when a class is absent (AUROC, AUPRC) or the input is empty.

// roc_auc_score: the Mann-Whitney statistic, ties counted one half.
double auroc(std::span<const std::uint8_t> labels, std::span<const double> scores);
// average_precision_score: sum over thresholds of (R_n - R_{n-1}) * P_n.
double auprc(std::span<const std::uint8_t> labels, std::span<const double> scores);
// brier_score_loss: mean squared difference of probability and label.
double brier(std::span<const std::uint8_t> labels, std::span<const double> probabilities);

// AUROC with a weight per item (a bootstrap resample's multiplicities). The sort and the tie groups
// are computed once, so each resample costs one linear pass.
class WeightedAuroc {
public:
    WeightedAuroc(std::span<const std::uint8_t> labels, std::span<const double> scores);
    // weights follow the original (unsorted) item order
    double operator()(std::span<const double> weights) const;

private:
    std::vector<std::size_t> order_;   // items sorted by score
    std::vector<std::size_t> groupEnd_;
    std::vector<std::uint8_t> labels_;
};

// Average precision with a weight per item, same conventions as WeightedAuroc.
class WeightedAuprc {
public:
    WeightedAuprc(std::span<const std::uint8_t> labels, std::span<const double> scores);
    double operator()(std::span<const double> weights) const;

private:
    std::vector<std::size_t> order_;  // items sorted by descending score
    std::vector<std::size_t> groupEnd_;
    std::vector<std::uint8_t> labels_;
};

// Brier score with a weight per item.
double weightedBrier(std::span<const std::uint8_t> labels, std::span<const double> probabilities,
                     std::span<const double> weights);

}  // namespace cb
