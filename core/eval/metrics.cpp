#include "core/eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace cb {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::size_t> ascendingOrder(std::span<const double> scores) {
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return scores[a] < scores[b]; });
    return order;
}

// groupEnd[k]: one past the last position in `order` whose score equals that of position k.
std::vector<std::size_t> tieGroups(const std::vector<std::size_t>& order, std::span<const double> scores) {
    std::vector<std::size_t> groupEnd(order.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
        for (std::size_t k = i; k < j; ++k) groupEnd[k] = j;
        i = j;
    }
    return groupEnd;
}

}  // namespace

double auroc(std::span<const std::uint8_t> labels, std::span<const double> scores) {
    const std::vector<double> ones(labels.size(), 1.0);
    return WeightedAuroc(labels, scores)(ones);
}

double auprc(std::span<const std::uint8_t> labels, std::span<const double> scores) {
    const std::vector<double> ones(labels.size(), 1.0);
    return WeightedAuprc(labels, scores)(ones);
}

double brier(std::span<const std::uint8_t> labels, std::span<const double> probabilities) {
    if (labels.empty()) return kNaN;
    double sum = 0.0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const double d = probabilities[i] - labels[i];
        sum += d * d;
    }
    return sum / static_cast<double>(labels.size());
}

WeightedAuroc::WeightedAuroc(std::span<const std::uint8_t> labels, std::span<const double> scores)
    : order_(ascendingOrder(scores)), groupEnd_(tieGroups(order_, scores)), labels_(labels.begin(), labels.end()) {}

double WeightedAuroc::operator()(std::span<const double> weights) const {
    double negativeBelow = 0.0, totalPositive = 0.0, concordant = 0.0;
    for (std::size_t i = 0; i < order_.size();) {
        const std::size_t end = groupEnd_[i];
        double pos = 0.0, neg = 0.0;
        for (std::size_t k = i; k < end; ++k) {
            const double w = weights[order_[k]];
            (labels_[order_[k]] ? pos : neg) += w;
        }
        concordant += pos * (negativeBelow + 0.5 * neg);
        negativeBelow += neg;
        totalPositive += pos;
        i = end;
    }
    if (totalPositive <= 0.0 || negativeBelow <= 0.0) return kNaN;
    return concordant / (totalPositive * negativeBelow);
}

}  // namespace cb

namespace cb {

WeightedAuprc::WeightedAuprc(std::span<const std::uint8_t> labels, std::span<const double> scores)
    : labels_(labels.begin(), labels.end()) {
    order_ = ascendingOrder(scores);
    std::reverse(order_.begin(), order_.end());
    groupEnd_ = tieGroups(order_, scores);
}

double WeightedAuprc::operator()(std::span<const double> weights) const {
    double totalPositive = 0.0;
    for (std::size_t i = 0; i < labels_.size(); ++i)
        if (labels_[i]) totalPositive += weights[i];
    if (order_.empty() || totalPositive <= 0.0) return kNaN;
    double ap = 0.0, previousRecall = 0.0, truePositive = 0.0, seen = 0.0;
    for (std::size_t i = 0; i < order_.size();) {
        const std::size_t end = groupEnd_[i];
        for (std::size_t k = i; k < end; ++k) {
            const double w = weights[order_[k]];
            seen += w;
            if (labels_[order_[k]]) truePositive += w;
        }
        if (seen > 0.0) {
            const double recall = truePositive / totalPositive;
            ap += (recall - previousRecall) * (truePositive / seen);
            previousRecall = recall;
        }
        i = end;
    }
    return ap;
}

double weightedBrier(std::span<const std::uint8_t> labels, std::span<const double> probabilities,
                     std::span<const double> weights) {
    double sum = 0.0, total = 0.0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const double d = probabilities[i] - labels[i];
        sum += weights[i] * d * d;
        total += weights[i];
    }
    return total > 0.0 ? sum / total : kNaN;
}

}  // namespace cb
