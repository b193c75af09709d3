#pragma once

#include "widgets/export/export_spec.h"

#include <QString>

class QCustomPlot;

namespace cb::widgets {

// Writes a QCustomPlot to PNG (at the spec's DPI), PDF (vector, fonts embedded) or SVG (vector,
// through QSvgGenerator, since QCustomPlot has no SVG writer), picked by the file's extension.
// Returns an empty string on success, else a message naming the file.
QString exportPlot(QCustomPlot* plot, const QString& path, const ExportSpec& spec);

}  // namespace cb::widgets
