#pragma once

#include "widgets/panels/panel_data.h"

#include <QWidget>

class QTableWidget;

namespace cb::widgets {

// The models of the workspace: one row per trained checkpoint with how it was trained.
class ModelListView : public QWidget {
    Q_OBJECT
public:
    explicit ModelListView(QWidget* parent = nullptr);
    void setModels(const QVector<ModelRowData>& models);
    int rowCount() const;
    QTableWidget* table() const { return table_; }

private:
    QTableWidget* table_;
};

}  // namespace cb::widgets
