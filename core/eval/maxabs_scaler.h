#pragma once

#include <cstddef>
#include <vector>

namespace cb {

// scikit-learn's MaxAbsScaler: each column divided by its largest absolute value on the fitting
// rows (a zero column is left as it is).
class MaxAbsScaler {
public:
    // X: row-major, rows x cols; `rows` selects the fitting rows.
    void fit(const std::vector<double>& x, std::size_t cols, const std::vector<std::size_t>& rows);
    void transformInPlace(std::vector<double>& x, std::size_t cols) const;
    const std::vector<double>& scale() const { return scale_; }

private:
    std::vector<double> scale_;
};

}  // namespace cb
