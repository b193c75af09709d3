#include "widgets/panels/lift_panel.h"

#include "widgets/plots/palette.h"
#include "widgets/plots/plot_frame.h"
#include "widgets/plots/qcustomplot.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace cb::widgets {
namespace {

QString cellText(const LiftAnswerCell& cell) {
    if (!cell.ran) return QStringLiteral("–");
    return QStringLiteral("%1 %2\nlog-lik %3")
        .arg(cell.exact ? QStringLiteral("✓") : QStringLiteral("✗"), cell.answer.isEmpty() ? QStringLiteral("(empty)") : cell.answer)
        .arg(cell.logLikelihood, 0, 'f', 2);
}

QPushButton* browseButton(QWidget* parent, QLineEdit* target, bool folder) {
    auto* button = new QPushButton(QObject::tr("Browse…"), parent);
    QObject::connect(button, &QPushButton::clicked, parent, [parent, target, folder] {
        const QString path = folder ? QFileDialog::getExistingDirectory(parent, QObject::tr("Choose a text model folder (tokenizer.json)"))
                                    : QFileDialog::getOpenFileName(parent, QObject::tr("Choose questions (JSONL)"), QString(),
                                                                   QObject::tr("JSON lines (*.jsonl *.json)"));
        if (!path.isEmpty()) target->setText(path);
    });
    return button;
}

}  // namespace

LiftPanel::LiftPanel(QWidget* parent)
    : QWidget(parent),
      model_(new QLineEdit(this)),
      questions_(new QLineEdit(this)),
      text_(new QPlainTextEdit(this)),
      tokens_(new QLabel(this)),
      segment_(new QSpinBox(this)),
      epochs_(new QSpinBox(this)),
      rank_(new QSpinBox(this)),
      lr_(new QDoubleSpinBox(this)),
      icl_(new QCheckBox(tr("ICL"), this)),
      lift_(new QCheckBox(tr("LIFT only"), this)),
      liftIcl_(new QCheckBox(tr("LIFT+ICL"), this)),
      start_(new QPushButton(tr("Start LIFT"), this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      save_(new QPushButton(tr("Save adapted model…"), this)),
      loss_(new QCustomPlot(this)),
      answers_(new QTableWidget(0, 5, this)),
      summary_(new QLabel(this)),
      debounce_(new QTimer(this)) {
    model_->setPlaceholderText(tr("text model folder: config.json, model.safetensors, tokenizer.json"));
    questions_->setPlaceholderText(tr("questions JSONL (empty: cloze questions from the document)"));
    text_->setPlaceholderText(tr("Paste or drop a long document here…"));
    text_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    text_->viewport()->installEventFilter(this);
    tokens_->setWordWrap(true);
    tokens_->setObjectName(QStringLiteral("liftTokenSummary"));

    segment_->setRange(16, 131072);
    segment_->setValue(512);
    epochs_->setRange(1, 100);
    epochs_->setValue(3);
    rank_->setRange(0, 1024);
    rank_->setValue(16);
    rank_->setSpecialValueText(tr("full fine-tuning"));
    lr_->setDecimals(6);
    lr_->setRange(1e-6, 1.0);
    lr_->setSingleStep(1e-4);
    lr_->setValue(2e-4);
    for (auto* box : {icl_, lift_, liftIcl_}) box->setChecked(true);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Model"), this));
    top->addWidget(model_, 1);
    top->addWidget(browseButton(this, model_, true));
    auto* demo = new QPushButton(tr("Use demo"), this);
    demo->setToolTip(tr("The embedded notes model and one patient's note history (made on first use)"));
    top->addWidget(demo);

    auto* form = new QFormLayout;
    form->addRow(tr("Segment length"), segment_);
    form->addRow(tr("Epochs"), epochs_);
    form->addRow(tr("LoRA rank"), rank_);
    form->addRow(tr("Learning rate"), lr_);
    auto* modes = new QHBoxLayout;
    for (auto* box : {icl_, lift_, liftIcl_}) modes->addWidget(box);
    form->addRow(tr("Modes"), modes);
    auto* qa = new QHBoxLayout;
    qa->addWidget(questions_, 1);
    qa->addWidget(browseButton(this, questions_, false));
    form->addRow(tr("Questions"), qa);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_);
    buttons->addWidget(cancel_);
    buttons->addWidget(save_);
    form->addRow(buttons);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(text_, 1);
    leftLayout->addWidget(tokens_);
    leftLayout->addLayout(form);

    frameFigure(loss_, font())->setText(tr("LIFT loss per epoch"));
    loss_->xAxis->setLabel(tr("epoch"));
    loss_->yAxis->setLabel(tr("segment loss (nats/token)"));
    loss_->legend->setVisible(false);
    loss_->setMinimumHeight(180);
    auto* graph = loss_->addGraph();
    graph->setPen(seriesPen(0, 2.0));
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));

    answers_->setHorizontalHeaderLabels({tr("Question"), tr("Reference"), tr("ICL"), tr("LIFT only"), tr("LIFT+ICL")});
    answers_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    answers_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    answers_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    answers_->setWordWrap(true);
    summary_->setWordWrap(true);
    summary_->setObjectName(QStringLiteral("liftSummary"));

    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(loss_);
    auto* table = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(table);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(summary_);
    tableLayout->addWidget(answers_, 1);
    right->addWidget(table);
    right->setStretchFactor(1, 2);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    debounce_->setSingleShot(true);
    debounce_->setInterval(400);
    connect(debounce_, &QTimer::timeout, this, &LiftPanel::tokenCountWanted);
    auto recount = [this] { debounce_->start(); };
    connect(text_, &QPlainTextEdit::textChanged, this, [this] {
        Q_EMIT documentEdited();
        debounce_->start();
    });
    connect(model_, &QLineEdit::editingFinished, this, recount);
    connect(segment_, &QSpinBox::valueChanged, this, recount);
    connect(rank_, &QSpinBox::valueChanged, this, [this](int rank) {
        // The reference's learning rates: 3e-6 for full fine-tuning, 2e-4 for LoRA.
        if (rank == 0 && lr_->value() == 2e-4) lr_->setValue(3e-6);
        if (rank > 0 && lr_->value() == 3e-6) lr_->setValue(2e-4);
    });
    connect(start_, &QPushButton::clicked, this, &LiftPanel::startRequested);
    connect(cancel_, &QPushButton::clicked, this, &LiftPanel::cancelRequested);
    connect(save_, &QPushButton::clicked, this, &LiftPanel::saveAdaptedRequested);
    connect(demo, &QPushButton::clicked, this, &LiftPanel::useDemoRequested);
    setRunning(false);
    save_->setEnabled(false);
    setTokenSummary(tr("No document yet."));
}

LiftSettingsData LiftPanel::settings() const {
    LiftSettingsData s = hidden_;
    s.modelDir = model_->text().trimmed();
    s.questionsFile = questions_->text().trimmed();
    s.segmentLength = segment_->value();
    s.epochs = epochs_->value();
    s.loraRank = rank_->value();
    s.learningRate = lr_->value();
    s.modes.clear();
    if (icl_->isChecked()) s.modes << QStringLiteral("icl");
    if (lift_->isChecked()) s.modes << QStringLiteral("lift");
    if (liftIcl_->isChecked()) s.modes << QStringLiteral("lift+icl");
    return s;
}

void LiftPanel::applySettings(const LiftSettingsData& s) {
    hidden_ = s;
    model_->setText(s.modelDir);
    questions_->setText(s.questionsFile);
    segment_->setValue(s.segmentLength);
    epochs_->setValue(s.epochs);
    rank_->setValue(s.loraRank);
    lr_->setValue(s.learningRate);
    icl_->setChecked(s.modes.contains(QStringLiteral("icl")));
    lift_->setChecked(s.modes.contains(QStringLiteral("lift")));
    liftIcl_->setChecked(s.modes.contains(QStringLiteral("lift+icl")));
    debounce_->start();
}

QString LiftPanel::document() const { return text_->toPlainText(); }
void LiftPanel::setDocument(const QString& text) { text_->setPlainText(text); }
void LiftPanel::setModelDir(const QString& dir) {
    model_->setText(dir);
    debounce_->start();
}
void LiftPanel::setTokenSummary(const QString& text) { tokens_->setText(text); }
QString LiftPanel::tokenSummary() const { return tokens_->text(); }

void LiftPanel::setRunning(bool running) {
    start_->setEnabled(!running);
    cancel_->setEnabled(running);
    if (running) save_->setEnabled(false);
}

void LiftPanel::clearRun() {
    loss_->graph(0)->data()->clear();
    loss_->replot();
    answers_->setRowCount(0);
    summary_->clear();
    save_->setEnabled(false);
}

void LiftPanel::addEpochLoss(int epoch, double loss) {
    loss_->graph(0)->addData(epoch, loss);
    loss_->rescaleAxes();
    loss_->xAxis->setRange(0.5, std::max(2.0, loss_->xAxis->range().upper + 0.5));
    const auto y = loss_->yAxis->range();
    loss_->yAxis->setRange(y.lower - 0.05 * (y.size() + 1e-3), y.upper + 0.05 * (y.size() + 1e-3));
    loss_->replot();
}

void LiftPanel::setResults(const LiftResultData& results) {
    answers_->setRowCount(results.rows.size());
    for (int r = 0; r < results.rows.size(); ++r) {
        const auto& row = results.rows[r];
        auto* question = new QTableWidgetItem(row.question);
        if (row.evidenceInWindow == 0) question->setToolTip(tr("The truncated ICL prompt does not contain the evidence."));
        if (row.evidenceInWindow == 0) question->setText(row.question + tr("  [outside ICL window]"));
        answers_->setItem(r, 0, question);
        answers_->setItem(r, 1, new QTableWidgetItem(row.reference));
        int column = 2;
        for (const auto* cell : {&row.icl, &row.lift, &row.liftIcl}) {
            auto* item = new QTableWidgetItem(cellText(*cell));
            if (cell->ran) item->setForeground(cell->exact ? QColor(0, 110, 60) : QColor(150, 40, 40));
            answers_->setItem(r, column++, item);
        }
    }
    summary_->setText(results.summary);
    save_->setEnabled(!results.rows.isEmpty() && (settings().modes.contains(QStringLiteral("lift")) ||
                                                  settings().modes.contains(QStringLiteral("lift+icl"))));
}

bool LiftPanel::eventFilter(QObject* watched, QEvent* event) {
    // A dropped file is read by the application (which checks its encoding); dropped text is left to
    // the editor.
    if (watched == text_->viewport() && (event->type() == QEvent::DragEnter || event->type() == QEvent::Drop)) {
        auto* drop = static_cast<QDropEvent*>(event);
        const auto* mime = drop->mimeData();
        if (mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile()) {
            if (event->type() == QEvent::Drop) Q_EMIT documentFileDropped(mime->urls().first().toLocalFile());
            drop->acceptProposedAction();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace cb::widgets
