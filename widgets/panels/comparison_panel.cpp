#include "widgets/panels/comparison_panel.h"

#include "widgets/export/figure_csv.h"
#include "widgets/plots/forest_plot.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace cb::widgets {
namespace {

QString fixed(double v, int digits = 3) { return std::isfinite(v) ? QString::number(v, 'f', digits) : QStringLiteral("—"); }

}  // namespace

ComparisonPanel::ComparisonPanel(QWidget* parent)
    : QWidget(parent), plot_(new ForestPlot(this)), table_(new QTableWidget(this)), summary_(new QLabel(this)) {
    table_->setColumnCount(7);
    table_->setHorizontalHeaderLabels({tr("Run"), tr("Task"), tr("Baseline AUROC"), tr("Run AUROC"), tr("\u0394AUROC"),
                                       tr("95% CI"), tr("Examples")});
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setStretchLastSection(true);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(plot_);
    splitter->addWidget(table_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter, 1);
    layout->addWidget(summary_);
    setMessage(tr("Select runs in the Results tab and press Compare to see their paired differences against a baseline."));
}

void ComparisonPanel::setFigure(const ComparisonFigureData& figure) {
    plot_->setFigure(figure);
    table_->setRowCount(static_cast<int>(figure.rows.size()));
    for (int i = 0; i < figure.rows.size(); ++i) {
        const auto& r = figure.rows[i];
        const QString cells[] = {r.run,
                                 r.label,
                                 fixed(r.baseline),
                                 fixed(r.other),
                                 fixed(r.delta.value),
                                 QStringLiteral("[%1, %2]").arg(fixed(r.delta.low), fixed(r.delta.high)),
                                 r.mean ? QString() : QString::number(r.examples)};
        for (int c = 0; c < 7; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (r.mean) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
            table_->setItem(i, c, item);
        }
    }
    summary_->setText(figure.summary.join('\n'));
}

void ComparisonPanel::setMessage(const QString& message) {
    plot_->setFigure({});
    table_->setRowCount(0);
    summary_->setText(message);
}

QString ComparisonPanel::summary() const { return summary_->text(); }
QCustomPlot* ComparisonPanel::figurePlot() const { return plot_->plot(); }
QString ComparisonPanel::figureCsv() const { return widgets::figureCsv(plot_->figure()); }

}  // namespace cb::widgets
