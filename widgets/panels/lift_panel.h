#pragma once

#include "widgets/panels/lift_panel_data.h"

#include <QWidget>

class QCheckBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace cb::widgets {

// LIFT on a pasted or dropped document: the text, the model, how the text will be cut, the run's
// loss per epoch, and the answers of ICL, LIFT-only and LIFT+ICL side by side. It computes nothing:
// the application tokenises, trains and answers, and hands back plain data.
class LiftPanel : public QWidget {
    Q_OBJECT
public:
    explicit LiftPanel(QWidget* parent = nullptr);

    LiftSettingsData settings() const;
    // Shows `settings` in the controls; the ones without a control are kept for the next run.
    void applySettings(const LiftSettingsData& settings);
    QString document() const;
    void setDocument(const QString& text);
    void setModelDir(const QString& dir);

    // "12,345 tokens -> 42 segments ..."; shown under the document.
    void setTokenSummary(const QString& text);
    QString tokenSummary() const;
    void setRunning(bool running);
    void clearRun();
    void addEpochLoss(int epoch, double loss);
    void setResults(const LiftResultData& results);
    QCustomPlot* lossPlot() const { return loss_; }
    QTableWidget* answers() const { return answers_; }

Q_SIGNALS:
    // The document or the model changed and stayed so for a moment: time to count tokens again.
    void tokenCountWanted();
    // The document's text changed (at once, before the pause tokenCountWanted waits for).
    void documentEdited();
    void startRequested();
    void cancelRequested();
    void saveAdaptedRequested();
    void useDemoRequested();
    void documentFileDropped(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QLineEdit* model_;
    QLineEdit* questions_;
    QPlainTextEdit* text_;
    QLabel* tokens_;
    QSpinBox* segment_;
    QSpinBox* epochs_;
    QSpinBox* rank_;
    QDoubleSpinBox* lr_;
    QCheckBox* icl_;
    QCheckBox* lift_;
    QCheckBox* liftIcl_;
    QPushButton* start_;
    QPushButton* cancel_;
    QPushButton* save_;
    QCustomPlot* loss_;
    QTableWidget* answers_;
    QLabel* summary_;
    QTimer* debounce_;
    LiftSettingsData hidden_;  // what settings() reports for the fields without a control
};

}  // namespace cb::widgets
