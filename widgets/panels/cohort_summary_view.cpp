#include "widgets/panels/cohort_summary_view.h"

#include "widgets/plots/palette.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>
#include "widgets/plots/qcustomplot.h"

#include <algorithm>
#include <cmath>

namespace cb::widgets {

CohortSummaryView::CohortSummaryView(QWidget* parent)
    : QWidget(parent), counts_(new QLabel(this)), unknown_(new QLabel(this)), histogram_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    counts_->setTextFormat(Qt::RichText);
    counts_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    unknown_->setWordWrap(true);
    layout->addWidget(counts_);
    layout->addWidget(unknown_);
    layout->addWidget(histogram_, 1);
    histogram_->setMinimumHeight(160);
    // Lengths span three orders of magnitude: bins are equal in log10(tokens), drawn on a linear
    // axis of log10 values labelled in tokens, so every bar has the same width.
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int power = 0; power <= 6; ++power)
        ticker->addTick(power, QLocale().toString(static_cast<qlonglong>(std::pow(10.0, power))));
    histogram_->xAxis->setTicker(ticker);
    histogram_->xAxis->setLabel("Tokens per patient (log scale)");
    histogram_->yAxis->setLabel("Patients");
    counts_->setText(tr("No cohort loaded."));
}

QString CohortSummaryView::countsText() const { return counts_->text(); }

void CohortSummaryView::setSummary(const CohortPanelData& d) {
    const QLocale locale;
    counts_->setText(QStringLiteral("<b>%1</b><br>%2 patients · %3 events · %4 tokens<br>"
                                    "train %5 · tuning %6 · held-out %7<br>vocabulary %8 tokens")
                         .arg(d.name.toHtmlEscaped(), locale.toString(d.patients), locale.toString(d.events),
                              locale.toString(d.tokens), locale.toString(d.train), locale.toString(d.tuning),
                              locale.toString(d.heldOut), locale.toString(d.vocabularySize)));
    counts_->setToolTip(tr("Content hash %1").arg(d.hash));
    if (d.unknownEvents > 0) {
        QStringList top;
        for (const auto& [code, count] : d.topUnknownCodes) top << QStringLiteral("%1 (%2)").arg(code).arg(count);
        unknown_->setText(tr("%1 events have codes outside the vocabulary and were not tokenized. Most frequent: %2")
                              .arg(locale.toString(d.unknownEvents), top.join(QStringLiteral(", "))));
    } else {
        unknown_->setText(tr("Every event maps to a vocabulary token."));
    }

    histogram_->clearPlottables();
    if (d.tokensPerPatient.isEmpty()) {
        histogram_->replot();
        return;
    }
    const double lo = std::log10(std::max<double>(1.0, *std::min_element(d.tokensPerPatient.begin(), d.tokensPerPatient.end())));
    const double hi = std::max(lo + 0.5, std::log10(std::max<double>(1.0, *std::max_element(d.tokensPerPatient.begin(), d.tokensPerPatient.end()))));
    const int bins = 30;
    const double step = (hi - lo) / bins;
    QVector<double> centers(bins), counts(bins, 0.0);
    for (int b = 0; b < bins; ++b) centers[b] = lo + (b + 0.5) * step;
    for (const auto n : d.tokensPerPatient) {
        const int b = std::clamp(static_cast<int>((std::log10(std::max<double>(1.0, n)) - lo) / step), 0, bins - 1);
        counts[b] += 1.0;
    }
    auto* bars = new QCPBars(histogram_->xAxis, histogram_->yAxis);
    bars->setWidth(step);
    bars->setData(centers, counts);
    bars->setPen(QPen(seriesColor(4).darker(120)));
    bars->setBrush(seriesColor(4));
    histogram_->xAxis->setRange(lo - step, hi + step);
    histogram_->yAxis->setRange(0, *std::max_element(counts.begin(), counts.end()) * 1.1);
    histogram_->replot();
}

}  // namespace cb::widgets
