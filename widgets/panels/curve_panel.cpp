#include "widgets/panels/curve_panel.h"

#include "widgets/export/figure_csv.h"
#include "widgets/plots/curve_overlay_plot.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace cb::widgets {

CurvePanel::CurvePanel(QString figureName, QWidget* parent)
    : QWidget(parent), name_(std::move(figureName)), plot_(new CurveOverlayPlot(this)), logX_(new QCheckBox(tr("Log x axis"), this)),
      note_(new QLabel(this)) {
    logX_->setChecked(true);
    note_->setWordWrap(true);
    note_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* controls = new QHBoxLayout;
    controls->addWidget(logX_);
    controls->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(plot_, 1);
    layout->addWidget(note_);
    connect(logX_, &QCheckBox::toggled, plot_, &CurveOverlayPlot::setLogX);
}

void CurvePanel::setFigure(const OverlayFigureData& figure, const QString& note) {
    auto shown = figure;
    shown.logX = logX_->isChecked();
    plot_->setFigure(shown);
    note_->setText(note);
}

void CurvePanel::setMessage(const QString& message) {
    OverlayFigureData empty = plot_->figure();
    empty.series.clear();
    plot_->setFigure(empty);
    note_->setText(message);
}

QString CurvePanel::note() const { return note_->text(); }
QCustomPlot* CurvePanel::figurePlot() const { return plot_->plot(); }
QString CurvePanel::figureCsv() const { return widgets::figureCsv(plot_->figure()); }

}  // namespace cb::widgets
