#include "app/gui/settings_form.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>

namespace cb::app {

void finishSettingsForm(QDialog& dialog, QFormLayout& form, const QString& note) {
    auto* label = new QLabel(note, &dialog);
    label->setWordWrap(true);
    form.addRow(label);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form.addRow(buttons);
}

}  // namespace cb::app
