#include "widgets/panels/patient_table_view.h"

#include "widgets/panels/patient_table_model.h"
#include "widgets/plots/palette.h"
#include "widgets/plots/qcustomplot.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace cb::widgets {

PatientTableView::PatientTableView(QWidget* parent)
    : QWidget(parent),
      model_(new PatientTableModel(this)),
      proxy_(new QSortFilterProxyModel(this)),
      table_(new QTableView(this)),
      property_(new QComboBox(this)),
      summary_(new QLabel(this)),
      histogram_(new QCustomPlot(this)) {
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(PatientTableModel::kSortRole);
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->sortByColumn(PatientTableModel::Subject, Qt::AscendingOrder);

    for (int c = PatientTableModel::Events; c < PatientTableModel::ColumnCount; ++c)
        property_->addItem(model_->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString(), c);
    property_->setCurrentIndex(PatientTableModel::Rr1 - PatientTableModel::Events);
    histogram_->yAxis->setLabel(tr("Patients"));
    histogram_->setMinimumHeight(120);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Distribution of"), this));
    controls->addWidget(property_);
    controls->addWidget(summary_, 1);
    auto* lower = new QWidget(this);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addLayout(controls);
    lowerLayout->addWidget(histogram_, 1);
    // Side by side: the view lives in a wide, short bottom dock.
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(table_);
    split->addWidget(lower);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(split);

    connect(property_, &QComboBox::currentIndexChanged, this, [this] { redrawHistogram(); });
    // Sorting by a property column shows its distribution too.
    connect(table_->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [this](int column, Qt::SortOrder) {
        if (column >= PatientTableModel::Events) setHistogramColumn(column);
    });
    redrawHistogram();
}

void PatientTableView::setPatients(const QVector<PatientRowData>& rows) {
    model_->setRows(rows);
    redrawHistogram();
}

int PatientTableView::histogramColumn() const { return property_->currentData().toInt(); }

void PatientTableView::setHistogramColumn(int column) {
    const int index = property_->findData(column);
    if (index >= 0) property_->setCurrentIndex(index);
}

void PatientTableView::redrawHistogram() {
    histogram_->clearPlottables();
    binCounts_.clear();
    const int column = histogramColumn();
    histogram_->xAxis->setLabel(property_->currentText());
    std::vector<double> values;
    for (const auto& row : model_->rows()) {
        const double v = PatientTableModel::value(row, column);
        if (std::isfinite(v)) values.push_back(v);
    }
    if (values.empty()) {
        summary_->setText(model_->rows().isEmpty() ? tr("no patients") : tr("undefined for every patient"));
        histogram_->replot();
        return;
    }
    std::sort(values.begin(), values.end());
    const double lo = values.front(), hi = std::max(values.back(), lo + 1e-9);
    const double median = values[values.size() / 2];
    summary_->setText(tr("%1 patients · median %2").arg(values.size()).arg(median, 0, 'g', 4));
    const int bins = 30;
    const double step = (hi - lo) / bins;
    QVector<double> centers(bins);
    binCounts_.fill(0.0, bins);
    for (int b = 0; b < bins; ++b) centers[b] = lo + (b + 0.5) * step;
    for (double v : values) binCounts_[std::clamp(static_cast<int>((v - lo) / step), 0, bins - 1)] += 1.0;
    auto* bars = new QCPBars(histogram_->xAxis, histogram_->yAxis);
    bars->setWidth(step);
    bars->setData(centers, binCounts_);
    bars->setPen(QPen(seriesColor(1).darker(120)));
    bars->setBrush(seriesColor(1));
    histogram_->xAxis->setRange(lo - step, hi + step);
    histogram_->yAxis->setRange(0, *std::max_element(binCounts_.begin(), binCounts_.end()) * 1.1);
    histogram_->replot();
}

}  // namespace cb::widgets
