#pragma once

#include "widgets/export/export_spec.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace cb::widgets {

// Asks where to write a figure and at what size: a report preset or custom inches, and the PNG DPI.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(const QString& suggestedPath, QWidget* parent = nullptr);
    QString path() const;
    ExportSpec spec() const;

private:
    void browse();
    void presetChanged();

    QLineEdit* path_;
    QComboBox* preset_;
    QDoubleSpinBox* width_;
    QDoubleSpinBox* height_;
    QSpinBox* dpi_;
};

}  // namespace cb::widgets
