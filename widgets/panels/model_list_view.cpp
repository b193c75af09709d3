#include "widgets/panels/model_list_view.h"

#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cb::widgets {

ModelListView::ModelListView(QWidget* parent) : QWidget(parent), table_(new QTableWidget(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_);
    table_->setColumnCount(6);
    table_->setHorizontalHeaderLabels({tr("Model"), tr("Context"), tr("Parameters"), tr("Steps"), tr("Loss"), tr("Time")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
}

int ModelListView::rowCount() const { return table_->rowCount(); }

void ModelListView::setModels(const QVector<ModelRowData>& models) {
    const QLocale locale;
    table_->setRowCount(models.size());
    for (int r = 0; r < models.size(); ++r) {
        const auto& m = models[r];
        const QStringList cells = {
            m.architecture,
            locale.toString(m.context),
            locale.toString(m.parameters),
            locale.toString(m.steps),
            QStringLiteral("%1 → %2").arg(m.initialLoss, 0, 'f', 2).arg(m.finalLoss, 0, 'f', 2),
            QStringLiteral("%1 s").arg(m.seconds, 0, 'f', 0),
        };
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(m.path);
            if (c > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(r, c, item);
        }
    }
}

}  // namespace cb::widgets
