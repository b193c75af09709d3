#include "widgets/panels/timeline_lift_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace cb::widgets {
namespace {

QString cell(const Interval& e) { return QStringLiteral("%1 [%2, %3]").arg(e.value, 0, 'f', 3).arg(e.low, 0, 'f', 3).arg(e.high, 0, 'f', 3); }

void choose(QComboBox* box, const QString& path) {
    const int at = box->findData(path);
    if (at >= 0) box->setCurrentIndex(at);
}

}  // namespace

TimelineLiftPanel::TimelineLiftPanel(QWidget* parent)
    : QWidget(parent),
      shortModel_(new QComboBox(this)),
      longModel_(new QComboBox(this)),
      patients_(new QSpinBox(this)),
      epochs_(new QSpinBox(this)),
      rank_(new QSpinBox(this)),
      lr_(new QDoubleSpinBox(this)),
      replicates_(new QSpinBox(this)),
      run_(new QPushButton(tr("Run LIFT on timelines"), this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      table_(new QTableWidget(this)),
      note_(new QLabel(this)) {
    const TimelineLiftSettingsData defaults;
    patients_->setRange(2, 100000);
    patients_->setValue(defaults.patients);
    patients_->setToolTip(tr("Labelled patients taken from each of train, tuning and test: LIFT trains once per example"));
    epochs_->setRange(0, 100);
    epochs_->setValue(defaults.epochs);
    rank_->setRange(0, 256);
    rank_->setValue(defaults.loraRank);
    rank_->setSpecialValueText(tr("full fine-tuning"));
    lr_->setDecimals(6);
    lr_->setRange(1e-7, 1.0);
    lr_->setSingleStep(1e-4);
    lr_->setValue(defaults.learningRate);
    replicates_->setRange(10, 100000);
    replicates_->setValue(defaults.replicates);
    cancel_->setEnabled(false);

    auto* form = new QFormLayout;
    form->addRow(tr("Short-context model (adapted)"), shortModel_);
    form->addRow(tr("Long-context model (compared)"), longModel_);
    auto* numbers = new QHBoxLayout;
    for (auto [label, widget] : {std::pair<QString, QWidget*>{tr("Patients per split"), patients_}, {tr("Epochs"), epochs_},
                                 {tr("LoRA rank"), rank_}, {tr("Learning rate"), lr_}, {tr("Bootstrap replicates"), replicates_}}) {
        numbers->addWidget(new QLabel(label, this));
        numbers->addWidget(widget);
    }
    numbers->addStretch(1);
    numbers->addWidget(run_);
    numbers->addWidget(cancel_);
    form->addRow(numbers);

    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    note_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(table_, 1);
    layout->addWidget(note_);
    setMessage(tr("Each test example's short-context model is fine-tuned on that patient's whole timeline before the "
                  "prediction time, its representation taken, and the model restored; the EHRSHOT heads and one shared "
                  "patient bootstrap then score it against the same model without LIFT and the long-context model."));

    connect(shortModel_, &QComboBox::activated, this, [this] { picked_ = true; });
    connect(longModel_, &QComboBox::activated, this, [this] { picked_ = true; });
    connect(run_, &QPushButton::clicked, this, &TimelineLiftPanel::runRequested);
    connect(cancel_, &QPushButton::clicked, this, &TimelineLiftPanel::cancelRequested);
}

void TimelineLiftPanel::setModels(const QVector<ModelChoiceData>& models) {
    const auto shortPath = shortModel_->currentData().toString(), longPath = longModel_->currentData().toString();
    shortModel_->clear();
    longModel_->clear();
    longModel_->addItem(tr("(none)"), QString());
    for (const auto& m : models) {
        shortModel_->addItem(m.label, m.path);
        longModel_->addItem(m.label, m.path);
    }
    if (picked_) {
        choose(shortModel_, shortPath);
        choose(longModel_, longPath);
        return;
    }
    if (models.isEmpty()) return;
    const auto [shortest, longest] = std::minmax_element(models.begin(), models.end(), [](const auto& a, const auto& b) {
        return a.context < b.context;
    });
    choose(shortModel_, shortest->path);
    if (longest->context > shortest->context) choose(longModel_, longest->path);
}

QString TimelineLiftPanel::note() const { return note_->text(); }

TimelineLiftSettingsData TimelineLiftPanel::settings() const {
    TimelineLiftSettingsData s;
    s.shortModel = shortModel_->currentData().toString();
    s.longModel = longModel_->currentData().toString();
    s.patients = patients_->value();
    s.epochs = epochs_->value();
    s.loraRank = rank_->value();
    s.learningRate = lr_->value();
    s.replicates = replicates_->value();
    return s;
}

void TimelineLiftPanel::setResults(const TimelineLiftResultData& r) {
    QStringList headers{tr("Task"), tr("Test examples (positive)"), tr("%1 tokens, no LIFT").arg(r.context), tr("%1 tokens, LIFT").arg(r.context)};
    if (r.hasLong) headers << tr("%1 tokens").arg(r.longContext);
    table_->clear();
    table_->setColumnCount(headers.size());
    table_->setHorizontalHeaderLabels(headers);
    table_->setRowCount(r.rows.size() + 1);
    int row = 0;
    for (const auto& t : r.rows) {
        table_->setItem(row, 0, new QTableWidgetItem(t.task));
        if (!t.evaluated) {
            table_->setItem(row, 1, new QTableWidgetItem(tr("skipped: %1").arg(t.skipReason)));
        } else {
            table_->setItem(row, 1, new QTableWidgetItem(QStringLiteral("%1 (%2)").arg(t.testCount).arg(t.testPositives)));
            table_->setItem(row, 2, new QTableWidgetItem(cell(t.base)));
            table_->setItem(row, 3, new QTableWidgetItem(cell(t.lift)));
            if (r.hasLong) table_->setItem(row, 4, new QTableWidgetItem(cell(t.longContext)));
        }
        ++row;
    }
    auto bold = [this, row](int column, const QString& text) {
        auto* item = new QTableWidgetItem(text);
        auto font = item->font();
        font.setBold(true);
        item->setFont(font);
        table_->setItem(row, column, item);
    };
    bold(0, tr("Mean over tasks"));
    bold(2, cell(r.meanBase));
    bold(3, cell(r.meanLift));
    if (r.hasLong) bold(4, cell(r.meanLong));
    note_->setText(r.note);
}

void TimelineLiftPanel::setMessage(const QString& message) { note_->setText(message); }

void TimelineLiftPanel::setRunning(bool running) {
    run_->setEnabled(!running);
    cancel_->setEnabled(running);
}

}  // namespace cb::widgets
