#pragma once

#include <QDialog>

class QDoubleSpinBox;
class QSpinBox;

namespace cb::app {

// The synthetic generator's knobs; the result is a "synthetic:..." spec that loadCohort reads.
class SyntheticCohortDialog : public QDialog {
    Q_OBJECT
public:
    explicit SyntheticCohortDialog(QWidget* parent = nullptr);
    QString spec() const;

private:
    QSpinBox* patients_;
    QSpinBox* seed_;
    QDoubleSpinBox* copyForward_;
    QDoubleSpinBox* irregularity_;
    QDoubleSpinBox* progression_;
    QDoubleSpinBox* medianVisits_;
};

}  // namespace cb::app
