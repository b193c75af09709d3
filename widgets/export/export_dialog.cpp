#include "widgets/export/export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>

namespace cb::widgets {

ExportDialog::ExportDialog(const QString& suggestedPath, QWidget* parent)
    : QDialog(parent),
      path_(new QLineEdit(suggestedPath, this)),
      preset_(new QComboBox(this)),
      width_(new QDoubleSpinBox(this)),
      height_(new QDoubleSpinBox(this)),
      dpi_(new QSpinBox(this)) {
    setWindowTitle(tr("Export figure"));
    auto* form = new QFormLayout(this);
    auto* pathRow = new QHBoxLayout;
    auto* browse = new QPushButton(tr("Browse…"), this);
    pathRow->addWidget(path_, 1);
    pathRow->addWidget(browse);
    form->addRow(tr("File (.png, .pdf, .svg, .csv)"), pathRow);
    for (const auto& size : reportSizes()) preset_->addItem(size.label, size.id);
    preset_->addItem(tr("Custom"), QString());
    preset_->setCurrentIndex(1);
    form->addRow(tr("Size"), preset_);
    for (auto* box : {width_, height_}) {
        box->setRange(1.0, 40.0);
        box->setDecimals(2);
        box->setSuffix(tr(" in"));
    }
    form->addRow(tr("Width"), width_);
    form->addRow(tr("Height"), height_);
    dpi_->setRange(72, 1200);
    dpi_->setValue(300);
    form->addRow(tr("PNG resolution (DPI)"), dpi_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);

    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(preset_, &QComboBox::currentIndexChanged, this, &ExportDialog::presetChanged);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        ExportFormat format{};
        if (!formatFromPath(path(), format) && !path().endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)) {
            QMessageBox::warning(this, windowTitle(), tr("Choose a file ending in .png, .pdf, .svg or .csv (the plotted numbers)."));
            return;
        }
        accept();
    });
    presetChanged();
}

QString ExportDialog::path() const { return path_->text().trimmed(); }

ExportSpec ExportDialog::spec() const {
    ExportSpec s;
    s.inches = QSizeF(width_->value(), height_->value());
    s.dpi = dpi_->value();
    return s;
}

void ExportDialog::browse() {
    const QString chosen = QFileDialog::getSaveFileName(this, windowTitle(), path(), tr("Figures (*.png *.pdf *.svg);;Plotted numbers (*.csv)"));
    if (!chosen.isEmpty()) path_->setText(chosen);
}

void ExportDialog::presetChanged() {
    const auto* size = findReportSize(preset_->currentData().toString());
    width_->setEnabled(!size);
    height_->setEnabled(!size);
    if (size) {
        width_->setValue(size->inches.width());
        height_->setValue(size->inches.height());
    }
}

}  // namespace cb::widgets
