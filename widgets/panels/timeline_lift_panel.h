#pragma once

#include "widgets/panels/timeline_lift_data.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace cb::widgets {

// LIFT on patient timelines: choose the short-context model (fine-tuned at test time on each
// patient's visible timeline) and a long-context model to compare with, run on a subset of patients,
// and read AUROC per task three ways: without LIFT, with LIFT, and with the long context.
class TimelineLiftPanel : public QWidget {
    Q_OBJECT
public:
    explicit TimelineLiftPanel(QWidget* parent = nullptr);

    // Until the user picks, the shortest-context model is the one to adapt and the longest the one to
    // compare with; a pick is kept while its model is still offered.
    void setModels(const QVector<ModelChoiceData>& models);
    TimelineLiftSettingsData settings() const;
    void setResults(const TimelineLiftResultData& results);
    void setMessage(const QString& message);
    void setRunning(bool running);
    QTableWidget* table() const { return table_; }
    QString note() const;

Q_SIGNALS:
    void runRequested();
    void cancelRequested();

private:
    QComboBox* shortModel_;
    QComboBox* longModel_;
    QSpinBox* patients_;
    QSpinBox* epochs_;
    QSpinBox* rank_;
    QDoubleSpinBox* lr_;
    QSpinBox* replicates_;
    QPushButton* run_;
    QPushButton* cancel_;
    QTableWidget* table_;
    QLabel* note_;
    bool picked_ = false;  // the user chose a model
};

}  // namespace cb::widgets
