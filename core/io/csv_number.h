#pragma once

#include <cmath>
#include <iomanip>
#include <ostream>

namespace cb {

// A CSV cell for a number: empty for NaN (what pandas reads back as missing), else enough digits to
// round-trip the statistics the figures plot.
inline void writeCsvNumber(std::ostream& out, double value, int precision = 12) {
    if (!std::isnan(value)) out << std::setprecision(precision) << value;
}

}  // namespace cb
