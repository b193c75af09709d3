#include "widgets/panels/job_panel.h"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <cmath>

namespace cb::widgets {

QString formatDuration(double seconds) {
    const auto s = static_cast<long long>(std::llround(std::max(0.0, seconds)));
    if (s < 60) return QStringLiteral("%1 s").arg(s);
    if (s < 3600) return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

JobPanel::JobPanel(QWidget* parent)
    : QWidget(parent),
      title_(new QLabel(tr("No job running"), this)),
      stage_(new QLabel(this)),
      eta_(new QLabel(this)),
      bar_(new QProgressBar(this)),
      cancel_(new QPushButton(tr("Cancel"), this)) {
    auto* layout = new QGridLayout(this);
    layout->addWidget(title_, 0, 0, 1, 2);
    layout->addWidget(bar_, 1, 0);
    layout->addWidget(cancel_, 1, 1);
    layout->addWidget(stage_, 2, 0);
    layout->addWidget(eta_, 2, 1, Qt::AlignRight);
    layout->setRowStretch(3, 1);  // a taller dock leaves its room below, not between the rows
    bar_->setRange(0, 1000);
    bar_->setValue(0);
    cancel_->setEnabled(false);
    connect(cancel_, &QPushButton::clicked, this, [this] {
        cancel_->setEnabled(false);
        stage_->setText(tr("Cancelling…"));
        Q_EMIT cancelRequested();
    });
}

void JobPanel::start(const QString& title) {
    running_ = true;
    fraction_ = 0.0;
    clock_.start();
    title_->setText(title);
    stage_->clear();
    eta_->clear();
    bar_->setValue(0);
    cancel_->setEnabled(true);
}

QString JobPanel::etaText() const { return eta_->text(); }
int JobPanel::percent() const { return bar_->value() / 10; }

void JobPanel::update(double fraction, const QString& stage, const QString& detail) {
    if (!running_) return;
    fraction_ = fraction;
    bar_->setValue(static_cast<int>(fraction * 1000.0));
    stage_->setText(detail.isEmpty() ? stage : stage + QStringLiteral(" — ") + detail);
    const double elapsed = clock_.elapsed() / 1000.0;
    // An ETA from the first percent of a job is noise; wait for some evidence.
    if (fraction > 0.01 && elapsed > 2.0)
        eta_->setText(tr("about %1 left").arg(formatDuration(elapsed * (1.0 - fraction) / fraction)));
}

void JobPanel::finish(const QString& message) {
    running_ = false;
    cancel_->setEnabled(false);
    stage_->setText(message);
    eta_->setText(tr("took %1").arg(formatDuration(clock_.elapsed() / 1000.0)));
    if (!message.startsWith(tr("Cancelled")) && !message.startsWith(tr("Failed"))) bar_->setValue(1000);
}

}  // namespace cb::widgets
