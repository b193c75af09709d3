#pragma once

#include "core/attention/attention_spec.h"

#include <QDialog>

class QComboBox;
class QSpinBox;

namespace cb::app {

// Chooses the attention of the next evaluations: full, CCA swapped in zero-shot (group size g,
// local window s), or CCA after adapting the model to it for a number of tokens.
class AttentionDialog : public QDialog {
    Q_OBJECT
public:
    AttentionDialog(const AttentionSpec& current, QWidget* parent = nullptr);
    AttentionSpec attention() const;

private:
    void showKind();
    QComboBox* kind_;
    QSpinBox* group_;
    QSpinBox* window_;
    QSpinBox* adapt_;
};

}  // namespace cb::app
