#include "widgets/panels/results_browser.h"

#include "widgets/panels/run_filter_model.h"
#include "widgets/panels/run_table_model.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace cb::widgets {
namespace {

QString anyLabel() { return QObject::tr("All"); }

}  // namespace

ResultsBrowser::ResultsBrowser(QWidget* parent)
    : QWidget(parent),
      model_(new RunTableModel(this)),
      proxy_(new RunFilterModel(this)),
      table_(new QTableView(this)),
      search_(new QLineEdit(this)),
      task_(new QComboBox(this)),
      metric_(new QComboBox(this)),
      status_(new QLabel(this)),
      baselineLabel_(new QLabel(this)),
      provenance_(new QPlainTextEdit(this)) {
    proxy_->setSourceModel(model_);
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(RunTableModel::Id, Qt::DescendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->verticalHeader()->setVisible(false);
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    table_->horizontalHeader()->setStretchLastSection(true);
    // Column widths from the first rows only: sizing over 10,000 rows would take longer than the reset.
    table_->horizontalHeader()->setResizeContentsPrecision(40);
    table_->setAlternatingRowColors(true);
    table_->setObjectName(QStringLiteral("resultsTable"));
    provenance_->setReadOnly(true);
    provenance_->setPlaceholderText(tr("Select a run to see how it was made."));
    provenance_->setFont(QFont(QStringLiteral("Monospace"), font().pointSize() - 1));

    auto* filterRow = new QHBoxLayout;
    const QString titles[] = {tr("Cohort"), tr("Model"), tr("Context"), tr("Attention"), tr("Analysis")};
    for (int f = 0; f < RunFilterModel::FieldCount; ++f) {
        filters_[f] = new QComboBox(this);
        filters_[f]->addItem(anyLabel(), QString());
        filters_[f]->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        filterRow->addWidget(new QLabel(titles[f], this));
        filterRow->addWidget(filters_[f]);
        connect(filters_[f], &QComboBox::currentIndexChanged, this, [this, f] {
            proxy_->setField(static_cast<RunFilterModel::Field>(f), filters_[f]->currentData().toString());
            updateStatus();
        });
    }
    search_->setPlaceholderText(tr("Search"));
    search_->setClearButtonEnabled(true);
    filterRow->addWidget(search_, 1);
    connect(search_, &QLineEdit::textChanged, this, [this](const QString& text) {
        proxy_->setText(text);
        updateStatus();
    });

    task_->addItem(tr("Mean over tasks"), QString());
    metric_->addItem(tr("AUROC"), QStringLiteral("auroc"));
    metric_->addItem(tr("AUPRC"), QStringLiteral("auprc"));
    metric_->addItem(tr("Brier"), QStringLiteral("brier"));
    auto choiceChanged = [this] {
        // The mean over tasks is stored for AUROC only.
        if (task_->currentData().toString().isEmpty() && metric_->currentIndex() != 0) metric_->setCurrentIndex(0);
        const bool task = !task_->currentData().toString().isEmpty();
        model_->setValueTitle(task ? task_->currentText() + " " + metric_->currentText() : tr("Mean AUROC"));
        proxy_->setRequireValue(task);  // a chosen task lists the runs that evaluated it
        Q_EMIT metricChoiceChanged(metricChoice());
    };
    connect(task_, &QComboBox::currentIndexChanged, this, choiceChanged);
    connect(metric_, &QComboBox::currentIndexChanged, this, choiceChanged);

    auto* actionRow = new QHBoxLayout;
    actionRow->addWidget(new QLabel(tr("Value"), this));
    actionRow->addWidget(task_);
    actionRow->addWidget(metric_);
    actionRow->addSpacing(12);
    auto button = [&](const QString& text, const QString& tip, auto slot) {
        auto* b = new QPushButton(text, this);
        b->setToolTip(tip);
        connect(b, &QPushButton::clicked, this, slot);
        actionRow->addWidget(b);
        return b;
    };
    button(tr("Overlay"), tr("Draw the selected runs in one plot (Overlay tab)"), &ResultsBrowser::overlaySelected);
    button(tr("Set baseline"), tr("Compare later selections against the selected run"), [this] {
        const auto ids = selectedIds();
        if (!ids.isEmpty()) setBaseline(ids.front());
    });
    button(tr("Compare"), tr("Paired differences of the selected runs against the baseline (Comparison tab)"),
           &ResultsBrowser::compareSelected);
    rerun_ = button(tr("Re-run"), tr("Compute the selected runs again, replacing what is cached"), &ResultsBrowser::rerunSelected);
    delete_ = button(tr("Delete…"), tr("Remove the selected runs from the cache"), &ResultsBrowser::deleteSelected);
    button(tr("Refresh"), tr("Read the cache again"), [this] { Q_EMIT refreshRequested(); });
    actionRow->addStretch(1);
    actionRow->addWidget(baselineLabel_);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(table_);
    splitter->addWidget(provenance_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filterRow);
    layout->addLayout(actionRow);
    layout->addWidget(splitter, 1);
    layout->addWidget(status_);

    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        if (!current.isValid()) return;
        const qint64 id = current.data(RunTableModel::kIdRole).toLongLong();
        if (id != provenanceId_) Q_EMIT provenanceRequested(id);
    });
    setConfirmation([this](const QString& question) {
        return QMessageBox::question(this, tr("Delete runs"), question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No) ==
               QMessageBox::Yes;
    });
    setBaseline(0);
    updateStatus();
}

void ResultsBrowser::setRuns(const QVector<RunRowData>& rows) {
    const auto kept = selectedIds();
    const bool first = model_->rowCount() == 0;
    model_->setRows(rows);
    if (first && !rows.isEmpty()) table_->resizeColumnsToContents();
    refillFilterChoices();
    selectIds(kept);
    if (baseline_ && !model_->rowById(baseline_)) setBaseline(0);
    if (provenanceId_ && !model_->rowById(provenanceId_)) setProvenance(0, {});
    updateStatus();
}

void ResultsBrowser::refillFilterChoices() {
    QSet<QString> values[RunFilterModel::FieldCount];
    for (const auto& r : model_->rows()) {
        values[RunFilterModel::Cohort].insert(r.cohort);
        values[RunFilterModel::Model].insert(r.model);
        if (r.context > 0) values[RunFilterModel::Context].insert(QString::number(r.context));
        values[RunFilterModel::Attention].insert(r.attention);
        values[RunFilterModel::Kind].insert(r.kindLabel);
    }
    for (int f = 0; f < RunFilterModel::FieldCount; ++f) {
        auto* combo = filters_[f];
        const QString chosen = combo->currentData().toString();
        QStringList sorted(values[f].begin(), values[f].end());
        if (f == RunFilterModel::Context)
            std::sort(sorted.begin(), sorted.end(), [](const QString& a, const QString& b) { return a.toInt() < b.toInt(); });
        else
            sorted.sort();
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItem(anyLabel(), QString());
        for (const auto& v : sorted) combo->addItem(v, v);
        // A chosen value that no run has any more falls back to all.
        const int index = combo->findData(chosen);
        combo->setCurrentIndex(index < 0 ? 0 : index);
        proxy_->setField(static_cast<RunFilterModel::Field>(f), combo->currentData().toString());
    }
}

void ResultsBrowser::setTasks(const QStringList& tasks) {
    const QString chosen = task_->currentData().toString();
    const QSignalBlocker block(task_);
    task_->clear();
    task_->addItem(tr("Mean over tasks"), QString());
    for (const auto& t : tasks) task_->addItem(t, t);
    const int index = task_->findData(chosen);
    task_->setCurrentIndex(index < 0 ? 0 : index);
}

MetricChoice ResultsBrowser::metricChoice() const {
    return {task_->currentData().toString(), metric_->currentData().toString()};
}

void ResultsBrowser::setProvenance(qint64 runId, const QString& text) {
    provenanceId_ = runId;
    provenance_->setPlainText(text);
}

QString ResultsBrowser::provenanceText() const { return provenance_->toPlainText(); }

void ResultsBrowser::setMessage(const QString& message) { status_->setText(message); }

QString ResultsBrowser::statusText() const { return status_->text(); }

void ResultsBrowser::setReadOnly(bool readOnly) {
    readOnly_ = readOnly;
    for (auto* b : {rerun_, delete_}) {
        b->setEnabled(!readOnly);
        b->setToolTip(readOnly ? tr("The results database can only be read here") : b->toolTip());
    }
    updateStatus();
}

void ResultsBrowser::updateStatus() {
    status_->setText(tr("%1 runs cached, %2 shown; select several to overlay or compare").arg(model_->rowCount()).arg(proxy_->rowCount()) +
                     (readOnly_ ? tr(" · read-only database: nothing can be deleted or re-run") : QString()));
}

QVector<qint64> ResultsBrowser::selectedIds() const {
    auto rows = table_->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QVector<qint64> ids;
    for (const auto& index : rows) ids.push_back(index.data(RunTableModel::kIdRole).toLongLong());
    return ids;
}

void ResultsBrowser::selectIds(const QVector<qint64>& ids) {
    const QSet<qint64> wanted(ids.begin(), ids.end());
    QItemSelection selection;
    for (int row = 0; row < proxy_->rowCount(); ++row) {
        const auto index = proxy_->index(row, 0);
        if (wanted.contains(index.data(RunTableModel::kIdRole).toLongLong())) selection.select(index, index);
    }
    table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ResultsBrowser::setBaseline(qint64 id) {
    baseline_ = id;
    baselineLabel_->setText(id ? tr("Baseline: run %1").arg(id) : tr("Baseline: the first selected run"));
}

void ResultsBrowser::overlaySelected() {
    const auto ids = selectedIds();
    if (ids.isEmpty()) {
        setMessage(tr("Select the runs to overlay first."));
        return;
    }
    Q_EMIT overlayRequested(ids);
}

void ResultsBrowser::compareSelected() {
    auto ids = selectedIds();
    qint64 baseline = baseline_;
    if (!baseline && !ids.isEmpty()) baseline = ids.takeFirst();
    ids.removeAll(baseline);
    if (!baseline || ids.isEmpty()) {
        setMessage(tr("Select a baseline and at least one other run to compare."));
        return;
    }
    Q_EMIT compareRequested(baseline, ids);
}

void ResultsBrowser::rerunSelected() {
    if (readOnly_) return;
    const auto ids = selectedIds();
    if (!ids.isEmpty()) Q_EMIT rerunRequested(ids);
}

void ResultsBrowser::deleteSelected() {
    if (readOnly_) return;
    const auto ids = selectedIds();
    if (ids.isEmpty()) return;
    QStringList names;
    for (const auto id : ids)
        if (const auto* r = model_->rowById(id))
            names << tr("run %1 (%2, %3 tokens, %4)").arg(id).arg(r->model).arg(r->context).arg(r->attention);
    const QString question = tr("Delete %n cached run(s)? Their numbers are removed from the cache; the models stay.", nullptr,
                                static_cast<int>(ids.size())) +
                             "\n\n" + names.mid(0, 8).join('\n') + (names.size() > 8 ? QStringLiteral("\n…") : QString());
    if (confirm_ && confirm_(question)) Q_EMIT deleteRequested(ids);
}

}  // namespace cb::widgets
