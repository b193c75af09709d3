#include "widgets/panels/attention_bench_panel.h"

#include "widgets/panels/curve_panel.h"
#include "widgets/plots/attention_bench_figure.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace cb::widgets {

AttentionBenchPanel::AttentionBenchPanel(QWidget* parent)
    : QWidget(parent),
      contexts_(new QLineEdit(QStringLiteral("1024,2048,4096,8192,16384"), this)),
      groupSize_(new QSpinBox(this)),
      window_(new QSpinBox(this)),
      device_(new QComboBox(this)),
      metric_(new QComboBox(this)),
      run_(new QPushButton(tr("Run benchmark"), this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      curves_(new CurvePanel(QStringLiteral("attention_benchmark"), this)) {
    contexts_->setToolTip(tr("Comma-separated sequence lengths; every implementation is timed at each, in one process"));
    groupSize_->setRange(1, 4096);
    groupSize_->setValue(16);
    window_->setRange(0, 1 << 20);
    window_->setValue(1024);
    metric_->addItem(tr("Latency"), static_cast<int>(AttentionBenchMetric::Latency));
    metric_->addItem(tr("Peak memory"), static_cast<int>(AttentionBenchMetric::PeakMemory));
    metric_->addItem(tr("Speed-up over full"), static_cast<int>(AttentionBenchMetric::Speedup));
    cancel_->setEnabled(false);

    auto* form = new QHBoxLayout;
    form->addWidget(new QLabel(tr("Contexts"), this));
    form->addWidget(contexts_, 2);
    form->addWidget(new QLabel(tr("CCA g"), this));
    form->addWidget(groupSize_);
    form->addWidget(new QLabel(tr("s"), this));
    form->addWidget(window_);
    form->addWidget(new QLabel(tr("Device"), this));
    form->addWidget(device_);
    form->addWidget(run_);
    form->addWidget(cancel_);
    form->addSpacing(12);
    form->addWidget(new QLabel(tr("Show"), this));
    form->addWidget(metric_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(curves_, 1);
    curves_->setMessage(tr("Full attention (LibTorch's SDPA) against CCA with the chosen g and s, Llama-base shape "
                           "(12 query heads, 4 KV heads, head dim 64). Press Run benchmark."));

    connect(run_, &QPushButton::clicked, this, [this] {
        const auto r = request();
        if (r.contexts.isEmpty()) {
            curves_->setMessage(tr("Cannot read the context list \"%1\": give positive whole numbers separated by commas.")
                                    .arg(contexts_->text()));
            return;
        }
        Q_EMIT runRequested(r);
    });
    connect(cancel_, &QPushButton::clicked, this, &AttentionBenchPanel::cancelRequested);
    connect(metric_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
}

void AttentionBenchPanel::setDevices(const QStringList& devices) {
    device_->clear();
    device_->addItems(devices);
}

AttentionBenchRequest AttentionBenchPanel::request() const {
    return {parseContextList(contexts_->text()), groupSize_->value(), window_->value(), device_->currentText()};
}

void AttentionBenchPanel::clearRows() {
    rows_.clear();
    redraw();
}

void AttentionBenchPanel::addRow(const AttentionBenchRow& row) {
    rows_.push_back(row);
    redraw();
}

void AttentionBenchPanel::setRunning(bool running) {
    run_->setEnabled(!running);
    cancel_->setEnabled(running);
}

void AttentionBenchPanel::setMetric(AttentionBenchMetric metric) { metric_->setCurrentIndex(metric_->findData(static_cast<int>(metric))); }

AttentionBenchMetric AttentionBenchPanel::metric() const { return static_cast<AttentionBenchMetric>(metric_->currentData().toInt()); }

void AttentionBenchPanel::redraw() {
    if (rows_.isEmpty()) return;
    const auto figure = attentionBenchFigure(rows_, metric());
    QString note = tr("Median of each call; speed-ups compare medians measured in the same run.");
    if (metric() == AttentionBenchMetric::Speedup) {
        for (const auto& series : figure.series) {
            if (series.id == QStringLiteral("full") || series.points.isEmpty()) continue;
            const auto& last = series.points.back();
            note += tr(" %1 at %2 tokens: %3x.").arg(series.label).arg(last.x).arg(last.y.value, 0, 'f', 2);
        }
    }
    QStringList notices;
    for (const auto& r : rows_)
        if (!r.notice.isEmpty() && !notices.contains(r.notice)) notices << r.notice;
    for (const auto& n : notices) note += QStringLiteral(" ") + n + QStringLiteral(".");
    curves_->setFigure(figure, note);
}

QCustomPlot* AttentionBenchPanel::figurePlot() const { return curves_->figurePlot(); }

QString AttentionBenchPanel::figureCsv() const {
    QString csv = QStringLiteral("impl,context,median_ms,peak_mb,speedup_over_full,device,path\n");
    for (const auto& r : rows_)
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n").arg(r.impl).arg(r.context).arg(r.medianMs).arg(r.peakMb).arg(r.speedup).arg(r.device, r.path);
    return csv;
}

}  // namespace cb::widgets
