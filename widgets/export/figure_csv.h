#pragma once

#include "widgets/plots/figure_data.h"

#include <QString>

namespace cb::widgets {

// The numbers behind each kind of figure, one row per drawn point, with a header row. Numbers are
// written with full precision so a CSV re-plots exactly.
QString figureCsv(const AurocFigureData& figure);
QString figureCsv(const OverlayFigureData& figure);
QString figureCsv(const ComparisonFigureData& figure);
QString figureCsv(const StrataFigureData& figure);

}  // namespace cb::widgets
