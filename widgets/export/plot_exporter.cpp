#include "widgets/export/plot_exporter.h"

#include <QDir>

#include <algorithm>
#include <QFileInfo>
#include <QPageSize>
#include <QPdfWriter>
#include <QSvgGenerator>
#include "widgets/plots/plot_frame.h"
#include "widgets/plots/qcustomplot.h"

namespace cb::widgets {

QString exportPlot(QCustomPlot* plot, const QString& path, const ExportSpec& spec) {
    ExportFormat format{};
    if (!formatFromPath(path, format)) return QStringLiteral("%1: unknown figure format (use .png, .pdf or .svg)").arg(path);
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) return QStringLiteral("%1: cannot create its folder").arg(path);

    // A figure narrower than kMinimumLayoutWidth pixels at screen resolution cannot hold its title,
    // axes and legend at screen font sizes: it is laid out wider and scaled down, so a single-column
    // figure carries the same layout as the double-column one with smaller text.
    constexpr int kMinimumLayoutWidth = 560;
    const double scale = std::max(1.0, kMinimumLayoutWidth / static_cast<double>(spec.layoutWidth()));
    const int w = qRound(spec.layoutWidth() * scale);
    const int h = qRound(spec.layoutHeight() * scale);
    const int pageW = spec.layoutWidth();
    const int pageH = spec.layoutHeight();
    // Narrow figures (a single column) carry their legend under the axes for the export only.
    struct LegendBelow {
        QCustomPlot* plot;
        bool moved;
        ~LegendBelow() {
            if (moved) placeLegendBelow(plot, false);
        }
    } legendBelow{plot, pageW < 480 && placeLegendBelow(plot, true)};
    bool ok = false;
    switch (format) {
        case ExportFormat::Png:
            ok = plot->savePng(path, w, h, spec.dpi / 96.0 / scale, -1, spec.dpi);
            break;
        case ExportFormat::Pdf: {
            // Rendered through a PDF writer at screen resolution so text is laid out and drawn with
            // the same metrics (QCustomPlot's own savePdf lays out for the screen and draws for the
            // printer, which clips multi-line titles).
            QPdfWriter writer(path);
            writer.setResolution(96);
            writer.setCreator(QStringLiteral("ContextBench"));
            writer.setPageSize(QPageSize(QSizeF(pageW * 72.0 / 96.0, pageH * 72.0 / 96.0), QPageSize::Point));
            writer.setPageMargins(QMarginsF(0, 0, 0, 0));
            QCPPainter painter;
            ok = painter.begin(&writer);
            if (ok) {
                painter.setMode(QCPPainter::pmVectorized);
                painter.setMode(QCPPainter::pmNoCaching);
                painter.scale(1.0 / scale, 1.0 / scale);
                plot->toPainter(&painter, w, h);
                ok = painter.end();
            }
            break;
        }
        case ExportFormat::Svg: {
            QSvgGenerator generator;
            generator.setFileName(path);
            generator.setSize(QSize(pageW, pageH));
            generator.setViewBox(QRect(0, 0, w, h));
            generator.setResolution(96);
            generator.setTitle(QStringLiteral("ContextBench figure"));
            QCPPainter painter;
            ok = painter.begin(&generator);
            if (ok) {
                plot->toPainter(&painter, w, h);
                ok = painter.end();
            }
            break;
        }
    }
    if (!ok || !QFileInfo(path).exists() || QFileInfo(path).size() == 0)
        return QStringLiteral("%1: could not write the figure").arg(path);
    return {};
}

}  // namespace cb::widgets
