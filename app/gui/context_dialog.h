#pragma once

#include <QDialog>

#include <vector>

class QCheckBox;

namespace cb::app {

// Picks the context lengths of an evaluation (powers of two, as in Context Clues).
class ContextDialog : public QDialog {
    Q_OBJECT
public:
    ContextDialog(const std::vector<int>& selected, QWidget* parent = nullptr);
    std::vector<int> contexts() const;

private:
    std::vector<std::pair<int, QCheckBox*>> boxes_;
};

}  // namespace cb::app
