#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cb {

struct LogisticModel {
    std::vector<double> weights;
    double intercept = 0.0;
    int iterations = 0;
    bool converged = false;
    double probability(const double* row) const;
};

// L2-regularised logistic regression with scikit-learn's objective,
//   C * sum_i logloss_i + 0.5 * ||w||^2   (the intercept is not penalised),
// minimised to its unique optimum by a preconditioned Newton-CG; the same optimum lbfgs reaches,
// but without its stopping tolerance deciding the answer at extreme C.
// x: row-major matrix with `cols` columns; `rows` picks the training rows; `labels` are 0/1,
// one per entry of `rows`.
LogisticModel fitLogistic(const std::vector<double>& x, std::size_t cols, const std::vector<std::size_t>& rows,
                          const std::vector<std::uint8_t>& labels, double C, int maxIterations = 200);

}  // namespace cb
