#include "core/eval/logistic_regression.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>

namespace cb {
namespace {

double softplus(double z) { return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))); }
double sigmoid(double z) {
    if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}
double dot(const double* a, const double* b, std::size_t n) {
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) s += a[i] * b[i];
    return s;
}

// The objective divided by C*n, as scikit-learn scales it, so tolerances mean the same at every C.
class Problem {
public:
    Problem(std::vector<double> x, std::size_t cols, std::vector<double> y, double C)
        : x_(std::move(x)), y_(std::move(y)), n_(y_.size()), d_(cols), alpha_(1.0 / (C * static_cast<double>(n_))) {}

    std::size_t dim() const { return d_ + 1; }  // weights, then the intercept

    double value(const std::vector<double>& theta, std::vector<double>& z) const {
        margins(theta, z);
        double loss = 0.0;
        for (std::size_t i = 0; i < n_; ++i) loss += softplus(z[i]) - y_[i] * z[i];
        return loss / static_cast<double>(n_) + 0.5 * alpha_ * dot(theta.data(), theta.data(), d_);
    }

    // Gradient, and the curvature weights p(1-p)/n kept for Hessian products.
    void gradient(const std::vector<double>& theta, const std::vector<double>& z, std::vector<double>& g,
                  std::vector<double>& curvature) const {
        g.assign(dim(), 0.0);
        curvature.resize(n_);
        const double invN = 1.0 / static_cast<double>(n_);
        for (std::size_t i = 0; i < n_; ++i) {
            const double p = sigmoid(z[i]);
            const double r = (p - y_[i]) * invN;
            curvature[i] = p * (1.0 - p) * invN;
            const double* row = &x_[i * d_];
            for (std::size_t j = 0; j < d_; ++j) g[j] += r * row[j];
            g[d_] += r;
        }
        for (std::size_t j = 0; j < d_; ++j) g[j] += alpha_ * theta[j];
    }

    void hessianTimes(const std::vector<double>& curvature, const std::vector<double>& v, std::vector<double>& out) const {
        out.assign(dim(), 0.0);
        for (std::size_t i = 0; i < n_; ++i) {
            const double* row = &x_[i * d_];
            const double s = curvature[i] * (dot(row, v.data(), d_) + v[d_]);
            for (std::size_t j = 0; j < d_; ++j) out[j] += s * row[j];
            out[d_] += s;
        }
        for (std::size_t j = 0; j < d_; ++j) out[j] += alpha_ * v[j];
    }

    std::vector<double> hessianDiagonal(const std::vector<double>& curvature) const {
        std::vector<double> diag(dim(), 0.0);
        for (std::size_t i = 0; i < n_; ++i) {
            const double* row = &x_[i * d_];
            for (std::size_t j = 0; j < d_; ++j) diag[j] += curvature[i] * row[j] * row[j];
            diag[d_] += curvature[i];
        }
        for (std::size_t j = 0; j < d_; ++j) diag[j] += alpha_;
        for (auto& v : diag) v = std::max(v, 1e-300);
        return diag;
    }

private:
    void margins(const std::vector<double>& theta, std::vector<double>& z) const {
        z.resize(n_);
        for (std::size_t i = 0; i < n_; ++i) z[i] = dot(&x_[i * d_], theta.data(), d_) + theta[d_];
    }

    std::vector<double> x_, y_;
    std::size_t n_, d_;
    double alpha_;
};

// Preconditioned conjugate gradients for H p = -g, stopped at the inexact-Newton tolerance.
std::vector<double> newtonDirection(const Problem& problem, const std::vector<double>& curvature,
                                    const std::vector<double>& g) {
    const std::size_t m = problem.dim();
    const auto diag = problem.hessianDiagonal(curvature);
    std::vector<double> p(m, 0.0), r(m), zr(m), d(m), hd;
    for (std::size_t j = 0; j < m; ++j) r[j] = -g[j];
    const double gNorm = std::sqrt(dot(g.data(), g.data(), m));
    const double tolerance = std::min(0.5, std::sqrt(gNorm)) * gNorm;
    for (std::size_t j = 0; j < m; ++j) zr[j] = r[j] / diag[j];
    d = zr;
    double rz = dot(r.data(), zr.data(), m);
    for (std::size_t it = 0; it < 4 * m + 20; ++it) {
        problem.hessianTimes(curvature, d, hd);
        const double curvatureAlong = dot(d.data(), hd.data(), m);
        if (curvatureAlong <= 0.0) break;
        const double step = rz / curvatureAlong;
        for (std::size_t j = 0; j < m; ++j) {
            p[j] += step * d[j];
            r[j] -= step * hd[j];
        }
        if (std::sqrt(dot(r.data(), r.data(), m)) <= tolerance) break;
        for (std::size_t j = 0; j < m; ++j) zr[j] = r[j] / diag[j];
        const double rzNext = dot(r.data(), zr.data(), m);
        const double beta = rzNext / rz;
        rz = rzNext;
        for (std::size_t j = 0; j < m; ++j) d[j] = zr[j] + beta * d[j];
    }
    if (dot(p.data(), p.data(), m) == 0.0)
        for (std::size_t j = 0; j < m; ++j) p[j] = -g[j] / diag[j];
    return p;
}

}  // namespace

double LogisticModel::probability(const double* row) const {
    return sigmoid(dot(row, weights.data(), weights.size()) + intercept);
}

LogisticModel fitLogistic(const std::vector<double>& x, std::size_t cols, const std::vector<std::size_t>& rows,
                          const std::vector<std::uint8_t>& labels, double C, int maxIterations) {
    if (rows.empty()) throw Error("logistic regression: no training rows");
    if (rows.size() != labels.size()) throw Error("logistic regression: one label per training row is required");
    if (!(C > 0.0)) throw Error("logistic regression: C must be positive");
    std::vector<double> design(rows.size() * cols);
    std::vector<double> y(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::copy_n(&x[rows[i] * cols], cols, &design[i * cols]);
        y[i] = labels[i];
    }
    const Problem problem(std::move(design), cols, std::move(y), C);

    std::vector<double> theta(problem.dim(), 0.0), z, g, curvature, trial(problem.dim()), zTrial;
    double f = problem.value(theta, z);
    LogisticModel model;
    for (int it = 0; it < maxIterations; ++it) {
        problem.gradient(theta, z, g, curvature);
        double gMax = 0.0;
        for (double v : g) gMax = std::max(gMax, std::abs(v));
        model.iterations = it;
        if (gMax < 1e-11) {
            model.converged = true;
            break;
        }
        const auto p = newtonDirection(problem, curvature, g);
        const double slope = dot(g.data(), p.data(), problem.dim());
        if (-slope <= 1e-13 * std::max(1.0, std::abs(f))) {
            // The predicted decrease is below what f can resolve: a line search would only see
            // rounding. The Newton step of the (now exact) quadratic model finishes the job.
            for (std::size_t j = 0; j < theta.size(); ++j) theta[j] += p[j];
            model.converged = true;
            break;
        }
        double step = 1.0, fTrial = f;
        bool accepted = false;
        for (int halvings = 0; halvings < 60; ++halvings) {
            for (std::size_t j = 0; j < trial.size(); ++j) trial[j] = theta[j] + step * p[j];
            fTrial = problem.value(trial, zTrial);
            if (fTrial <= f + 1e-4 * step * slope) {
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if (!accepted) {
            // No representable decrease left: the iterate is optimal to machine precision.
            model.converged = true;
            break;
        }
        theta.swap(trial);
        z.swap(zTrial);
        f = fTrial;
    }
    model.weights.assign(theta.begin(), theta.begin() + static_cast<long>(cols));
    model.intercept = theta[cols];
    return model;
}

}  // namespace cb
