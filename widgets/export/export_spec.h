#pragma once

#include <QSizeF>
#include <QString>
#include <QVector>

namespace cb::widgets {

// A named figure size for reports: single- and double-column journal figures, a 16:9 slide.
struct ReportSize {
    QString id;       // "single", "double", "slide"
    QString label;    // for menus
    QSizeF inches;
};
const QVector<ReportSize>& reportSizes();
const ReportSize* findReportSize(const QString& id);

enum class ExportFormat { Png, Pdf, Svg };
// From a file name's extension; false when it is none of .png, .pdf, .svg.
bool formatFromPath(const QString& path, ExportFormat& format);

struct ExportSpec {
    QSizeF inches{7.0, 3.5};
    int dpi = 300;  // PNG resolution; PDF and SVG are vector
    // The layout size in pixels: fonts and margins are laid out at 96 pixels per inch, as on screen,
    // then scaled to the requested resolution.
    int layoutWidth() const { return qRound(inches.width() * 96.0); }
    int layoutHeight() const { return qRound(inches.height() * 96.0); }
};

}  // namespace cb::widgets
