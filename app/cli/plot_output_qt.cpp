#include "app/cli/plot_output.h"

#include "app/figures/figure_adapter.h"
#include "widgets/export/plot_exporter.h"
#include "widgets/plots/auroc_context_plot.h"
#include "widgets/plots/strata_plot.h"

#include <QApplication>

#include <cstdlib>
#include <memory>

namespace cb::cli {
namespace {

// QCustomPlot is a widget and needs a QApplication; a CLI run makes an offscreen one on demand.
QApplication& application() {
    static int argc = 1;
    static char name[] = "contextbench-cli";
    static char* argv[] = {name, nullptr};
    if (!std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 1);
    static std::unique_ptr<QApplication> app = std::make_unique<QApplication>(argc, argv);
    return *app;
}

}  // namespace

bool canRenderPlots() { return true; }

std::vector<std::string> renderContextFigure(const std::vector<ContextPoint>& points, const std::string& base,
                                             const std::string& title, const std::string& cohortName) {
    application();
    widgets::AurocContextPlot plot;
    auto figure = app::toAurocFigure(points, QString::fromStdString(cohortName));
    if (!title.empty()) figure.title = QString::fromStdString(title);
    plot.setFigure(figure);
    widgets::ExportSpec spec;  // double column, 300 DPI
    std::vector<std::string> written;
    for (const char* extension : {".png", ".pdf", ".svg"}) {
        const auto path = base + extension;
        const QString error = widgets::exportPlot(plot.plot(), QString::fromStdString(path), spec);
        if (!error.isEmpty()) throw Error(error.toStdString());
        written.push_back(path);
    }
    return written;
}

void renderStrataFigure(const StratificationResult& result, const std::string& path, const std::string& cohortName,
                        const std::string& sizeId) {
    application();
    widgets::StrataPlot plot;
    plot.setFigure(app::toStrataFigure(result, QString::fromStdString(cohortName)));
    widgets::ExportSpec spec;
    const auto* size = widgets::findReportSize(QString::fromStdString(sizeId));
    if (!size) throw Error("unknown figure size '" + sizeId + "' (expected single, double or slide)");
    spec.inches = size->inches;
    const QString error = widgets::exportPlot(plot.plot(), QString::fromStdString(path), spec);
    if (!error.isEmpty()) throw Error(error.toStdString());
}

}  // namespace cb::cli
