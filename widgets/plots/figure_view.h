#pragma once

#include <QString>

class QCustomPlot;

namespace cb::widgets {

// A view that holds one exportable figure: what export, copy and batch export work on, whichever tab
// it sits in.
class FigureView {
public:
    virtual ~FigureView() = default;
    virtual QCustomPlot* figurePlot() const = 0;
    // File stem for exports, e.g. "auroc_vs_context".
    virtual QString figureName() const = 0;
    // The numbers the figure draws, as CSV with a header row.
    virtual QString figureCsv() const = 0;
};

}  // namespace cb::widgets
