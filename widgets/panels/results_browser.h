#pragma once

#include "widgets/panels/results_data.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace cb::widgets {

class RunFilterModel;
class RunTableModel;

// Every cached run in a sortable, filterable table: choose which task's metric the value column shows,
// select runs to overlay or compare against a baseline, re-run or delete them (after asking), and read
// how the selected run was made. The browser only asks; the application does the work.
class ResultsBrowser : public QWidget {
    Q_OBJECT
public:
    explicit ResultsBrowser(QWidget* parent = nullptr);

    void setRuns(const QVector<RunRowData>& rows);
    void setTasks(const QStringList& tasks);
    void setProvenance(qint64 runId, const QString& text);
    void setMessage(const QString& message);
    // A database this user may only read: deleting and re-running are switched off and say why.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return readOnly_; }

    QVector<qint64> selectedIds() const;  // in the order the table shows them
    void selectIds(const QVector<qint64>& ids);
    qint64 baselineId() const { return baseline_; }
    void setBaseline(qint64 id);
    MetricChoice metricChoice() const;

    // Asked before a delete; returns whether to go on (a dialog by default; tests replace it).
    void setConfirmation(std::function<bool(const QString& question)> confirm) { confirm_ = std::move(confirm); }

    QTableView* table() const { return table_; }
    QComboBox* filterBox(int field) const { return filters_[field]; }  // a RunFilterModel::Field
    QComboBox* taskBox() const { return task_; }
    QComboBox* metricBox() const { return metric_; }
    QLineEdit* searchBox() const { return search_; }
    RunFilterModel* filter() const { return proxy_; }
    RunTableModel* model() const { return model_; }
    QString provenanceText() const;
    QString statusText() const;

public Q_SLOTS:
    void overlaySelected();
    void compareSelected();
    void deleteSelected();
    void rerunSelected();

Q_SIGNALS:
    void metricChoiceChanged(const cb::widgets::MetricChoice& choice);
    void overlayRequested(const QVector<qint64>& ids);
    void compareRequested(qint64 baseline, const QVector<qint64>& others);
    void deleteRequested(const QVector<qint64>& ids);
    void rerunRequested(const QVector<qint64>& ids);
    void provenanceRequested(qint64 id);
    void refreshRequested();

private:
    void refillFilterChoices();
    void updateStatus();

    RunTableModel* model_;
    RunFilterModel* proxy_;
    QTableView* table_;
    QComboBox* filters_[5];
    QLineEdit* search_;
    QComboBox* task_;
    QComboBox* metric_;
    QLabel* status_;
    QLabel* baselineLabel_;
    QPlainTextEdit* provenance_;
    qint64 baseline_ = 0;
    qint64 provenanceId_ = 0;
    bool readOnly_ = false;
    QPushButton* rerun_ = nullptr;
    QPushButton* delete_ = nullptr;
    std::function<bool(const QString&)> confirm_;
};

}  // namespace cb::widgets
