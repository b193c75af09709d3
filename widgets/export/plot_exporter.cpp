#include "widgets/export/plot_exporter.h"

#include <QDir>
#include <QFileInfo>
#include <QSvgGenerator>
#include "widgets/plots/qcustomplot.h"

namespace cb::widgets {

QString exportPlot(QCustomPlot* plot, const QString& path, const ExportSpec& spec) {
    ExportFormat format{};
    if (!formatFromPath(path, format)) return QStringLiteral("%1: unknown figure format (use .png, .pdf or .svg)").arg(path);
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) return QStringLiteral("%1: cannot create its folder").arg(path);

    const int w = spec.layoutWidth();
    const int h = spec.layoutHeight();
    bool ok = false;
    switch (format) {
        case ExportFormat::Png:
            ok = plot->savePng(path, w, h, spec.dpi / 96.0, -1, spec.dpi);
            break;
        case ExportFormat::Pdf:
            ok = plot->savePdf(path, w, h, QCP::epNoCosmetic, QStringLiteral("ContextBench"));
            break;
        case ExportFormat::Svg: {
            QSvgGenerator generator;
            generator.setFileName(path);
            generator.setSize(QSize(w, h));
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
