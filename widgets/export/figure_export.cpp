#include "widgets/export/figure_export.h"

#include "widgets/export/plot_exporter.h"
#include "widgets/plots/figure_view.h"
#include "widgets/plots/qcustomplot.h"

#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QSaveFile>

namespace cb::widgets {

QString exportFigureView(const FigureView& view, const QString& path, const ExportSpec& spec) {
    if (!path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)) {
        // Pictures are rendered beside the target and renamed over it, so a failed export never
        // leaves half a file where a good one was.
        const QFileInfo info(path);
        if (!QDir().mkpath(info.absolutePath())) return QStringLiteral("%1: cannot create its folder").arg(path);
        const QString partial = info.absolutePath() + "/." + info.completeBaseName() + ".partial." + info.suffix();
        const QString error = exportPlot(view.figurePlot(), partial, spec);
        if (!error.isEmpty()) {
            QFile::remove(partial);
            return QStringLiteral("%1: could not write the figure").arg(path);
        }
        QFile::remove(path);
        if (!QFile::rename(partial, path)) {
            QFile::remove(partial);
            return QStringLiteral("%1: could not write the figure").arg(path);
        }
        return {};
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) return QStringLiteral("%1: cannot create its folder").arg(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) return QStringLiteral("%1: %2").arg(path, file.errorString());
    file.write(view.figureCsv().toUtf8());
    if (!file.commit()) return QStringLiteral("%1: %2").arg(path, file.errorString());
    return {};
}

QString copyFigureToClipboard(const FigureView& view, const ExportSpec& spec) {
    auto* clipboard = QGuiApplication::clipboard();
    if (!clipboard) return QStringLiteral("no clipboard on this display");
    const QPixmap pixmap = view.figurePlot()->toPixmap(spec.layoutWidth(), spec.layoutHeight(), spec.dpi / 96.0);
    if (pixmap.isNull()) return QStringLiteral("could not render the figure");
    clipboard->setImage(pixmap.toImage());
    return {};
}

QStringList exportAllFigures(const QVector<const FigureView*>& views, const QString& folder, const QStringList& extensions,
                             const ExportSpec& spec, QStringList* errors) {
    QStringList written;
    for (const auto* view : views)
        for (const auto& extension : extensions) {
            const QString path = QDir(folder).filePath(view->figureName() + "." + extension);
            const QString error = exportFigureView(*view, path, spec);
            if (error.isEmpty()) written << path;
            else if (errors) *errors << error;
        }
    return written;
}

}  // namespace cb::widgets
