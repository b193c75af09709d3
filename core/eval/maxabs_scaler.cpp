#include "core/eval/maxabs_scaler.h"

#include <cmath>

namespace cb {

void MaxAbsScaler::fit(const std::vector<double>& x, std::size_t cols, const std::vector<std::size_t>& rows) {
    scale_.assign(cols, 0.0);
    for (auto r : rows)
        for (std::size_t c = 0; c < cols; ++c) scale_[c] = std::max(scale_[c], std::abs(x[r * cols + c]));
    for (auto& s : scale_)
        if (s == 0.0) s = 1.0;
}

void MaxAbsScaler::transformInPlace(std::vector<double>& x, std::size_t cols) const {
    for (std::size_t i = 0; i < x.size(); ++i) x[i] /= scale_[i % cols];
}

}  // namespace cb
