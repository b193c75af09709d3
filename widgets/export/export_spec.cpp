#include "widgets/export/export_spec.h"

#include <QFileInfo>

namespace cb::widgets {

const QVector<ReportSize>& reportSizes() {
    static const QVector<ReportSize> sizes = {
        {"single", QStringLiteral("Single column (3.5 × 2.6 in)"), QSizeF(3.5, 2.6)},
        {"double", QStringLiteral("Double column (7.0 × 3.5 in)"), QSizeF(7.0, 3.5)},
        {"slide", QStringLiteral("Slide, 16:9 (10 × 5.63 in)"), QSizeF(10.0, 5.625)},
    };
    return sizes;
}

const ReportSize* findReportSize(const QString& id) {
    for (const auto& s : reportSizes())
        if (s.id == id) return &s;
    return nullptr;
}

bool formatFromPath(const QString& path, ExportFormat& format) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "png") format = ExportFormat::Png;
    else if (suffix == "pdf") format = ExportFormat::Pdf;
    else if (suffix == "svg") format = ExportFormat::Svg;
    else return false;
    return true;
}

}  // namespace cb::widgets
