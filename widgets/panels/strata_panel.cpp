#include "widgets/panels/strata_panel.h"

#include "widgets/export/figure_csv.h"
#include "widgets/plots/strata_plot.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace cb::widgets {

StrataPanel::StrataPanel(QWidget* parent)
    : QWidget(parent), metric_(new QComboBox(this)), note_(new QLabel(this)), plot_(new StrataPlot(this)) {
    metric_->addItem(tr("Repetition (rr₁, copy-forwarding)"), QStringLiteral("rr1"));
    metric_->addItem(tr("Irregularity (std of inter-event gaps)"), QStringLiteral("irregularity"));
    metric_->addItem(tr("Timeline length (events)"), QStringLiteral("length"));
    note_->setWordWrap(true);
    note_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Stratify test patients by"), this));
    controls->addWidget(metric_);
    controls->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(plot_, 1);
    layout->addWidget(note_);
    connect(metric_, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT metricChanged(metric()); });
    setMessage(tr("Evaluate the cohort across context lengths to stratify its test patients."));
}

QString StrataPanel::metric() const { return metric_->currentData().toString(); }

void StrataPanel::setMetric(const QString& metric) {
    if (const int index = metric_->findData(metric); index >= 0) metric_->setCurrentIndex(index);
}

void StrataPanel::setFigure(const StrataFigureData& figure, const QString& winRates) {
    plot_->setFigure(figure);
    note_->setText(winRates);
}

void StrataPanel::setMessage(const QString& message) {
    plot_->setFigure({});
    note_->setText(message);
}

QString StrataPanel::message() const { return note_->text(); }
QCustomPlot* StrataPanel::figurePlot() const { return plot_->plot(); }
QString StrataPanel::figureCsv() const { return widgets::figureCsv(plot_->figure()); }

}  // namespace cb::widgets
