#pragma once

#include "widgets/export/export_spec.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace cb::widgets {

class FigureView;

// Writes a figure view to `path`: .csv writes its numbers, .png/.pdf/.svg its picture. The file
// appears whole or not at all. Returns an empty string on success, else a message naming the file.
QString exportFigureView(const FigureView& view, const QString& path, const ExportSpec& spec);

// Puts the figure on the clipboard as an image rendered at the spec's size and DPI.
QString copyFigureToClipboard(const FigureView& view, const ExportSpec& spec);

// Every view into `folder` as <name>.<extension> for each extension ("png", "pdf", "svg", "csv").
// Returns the files written; problems (one per failed file) go to `errors`, and the rest are still written.
QStringList exportAllFigures(const QVector<const FigureView*>& views, const QString& folder, const QStringList& extensions,
                             const ExportSpec& spec, QStringList* errors);

}  // namespace cb::widgets
