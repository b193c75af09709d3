#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace cb::widgets {

// The one place jobs show progress: stage, detail, an ETA from the elapsed time and the fraction
// done, and a Cancel button.
class JobPanel : public QWidget {
    Q_OBJECT
public:
    explicit JobPanel(QWidget* parent = nullptr);

    void start(const QString& title);
    void update(double fraction, const QString& stage, const QString& detail);
    void finish(const QString& message);
    bool isRunning() const { return running_; }
    QString etaText() const;
    int percent() const;

Q_SIGNALS:
    void cancelRequested();

private:
    QLabel* title_;
    QLabel* stage_;
    QLabel* eta_;
    QProgressBar* bar_;
    QPushButton* cancel_;
    QElapsedTimer clock_;
    double fraction_ = 0.0;
    bool running_ = false;
};

// "3 min 20 s", "45 s": for an ETA.
QString formatDuration(double seconds);

}  // namespace cb::widgets
