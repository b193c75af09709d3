#include "app/gui/context_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace cb::app {

ContextDialog::ContextDialog(const std::vector<int>& selected, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Evaluate across context lengths"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Pretrain a model at each length (or reuse a cached one) and evaluate it on all tasks."), this));
    for (int c = 128; c <= 16384; c *= 2) {
        auto* box = new QCheckBox(QString::number(c), this);
        box->setChecked(std::find(selected.begin(), selected.end(), c) != selected.end());
        layout->addWidget(box);
        boxes_.emplace_back(c, box);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto update = [this, buttons] { buttons->button(QDialogButtonBox::Ok)->setEnabled(!contexts().empty()); };
    for (auto& [c, box] : boxes_) connect(box, &QCheckBox::toggled, this, update);
    update();
}

std::vector<int> ContextDialog::contexts() const {
    std::vector<int> out;
    for (const auto& [c, box] : boxes_)
        if (box->isChecked()) out.push_back(c);
    return out;
}

}  // namespace cb::app
