#include "app/gui/attention_dialog.h"

#include "app/gui/settings_form.h"

#include <QComboBox>
#include <QFormLayout>
#include <QSpinBox>

namespace cb::app {

AttentionDialog::AttentionDialog(const AttentionSpec& current, QWidget* parent)
    : QDialog(parent), kind_(new QComboBox(this)), group_(new QSpinBox(this)), window_(new QSpinBox(this)), adapt_(new QSpinBox(this)) {
    setWindowTitle(tr("Attention"));
    kind_->addItem(tr("Full causal attention"));
    kind_->addItem(tr("Core Context Aware (CCA)"));
    kind_->setCurrentIndex(current.kind == AttentionSpec::Kind::Cca ? 1 : 0);
    group_->setRange(1, 4096);
    group_->setValue(current.groupSize);
    window_->setRange(0, 1 << 20);
    window_->setValue(current.localWindow);
    adapt_->setRange(0, 1'000'000'000);
    adapt_->setSingleStep(100'000);
    adapt_->setGroupSeparatorShown(true);
    adapt_->setValue(static_cast<int>(current.adaptTokens));
    adapt_->setSpecialValueText(tr("0 (zero-shot swap)"));

    auto* form = new QFormLayout(this);
    form->addRow(tr("Attention:"), kind_);
    form->addRow(tr("Group size g:"), group_);
    form->addRow(tr("Local window s:"), window_);
    form->addRow(tr("Adapt for (tokens):"), adapt_);
    finishSettingsForm(*this, *form,
                       tr("Applies to Llama models in the evaluations started from now on. Adapting continues "
                          "pretraining with CCA and keeps the adapted model beside the original."));
    connect(kind_, &QComboBox::currentIndexChanged, this, &AttentionDialog::showKind);
    showKind();
}

void AttentionDialog::showKind() {
    const bool cca = kind_->currentIndex() == 1;
    for (auto* box : {group_, window_, adapt_}) box->setEnabled(cca);
}

AttentionSpec AttentionDialog::attention() const {
    if (kind_->currentIndex() == 0) return {};
    auto spec = AttentionSpec::cca(group_->value(), window_->value());
    spec.adaptTokens = adapt_->value();
    return spec;
}

}  // namespace cb::app
