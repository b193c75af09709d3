#pragma once

#include "core/jobs/job_runner.h"
#include "widgets/panels/results_data.h"
#include "widgets/plots/figure_data.h"

#include <QObject>
#include <QString>
#include <QVector>

#include <deque>
#include <functional>

namespace cb::app {

// Reads and edits the result store for the results browser and the views it feeds (overlay,
// perplexity, paired comparison), on a worker thread of its own so browsing never waits for a
// running evaluation; requests queue and run in order.
class ResultsController : public QObject {
    Q_OBJECT
public:
    explicit ResultsController(QObject* parent = nullptr);
    ~ResultsController() override;

    // The database to browse; refreshes. A file that does not exist yet lists nothing and is not created.
    void setDatabase(const QString& path);
    QString database() const { return database_; }
    bool busy() const { return running_ || !queue_.empty(); }
    static constexpr int kComparisonReplicates = 1000;

public Q_SLOTS:
    void refresh();
    void setMetricChoice(const cb::widgets::MetricChoice& choice);
    // AUROC runs go to the overlay, perplexity runs to the perplexity view.
    void overlay(const QVector<qint64>& ids);
    void compare(qint64 baseline, const QVector<qint64>& others);
    // Deletes, refreshes, then calls `then` on the GUI thread when the deletion succeeded.
    void remove(const QVector<qint64>& ids, std::function<void()> then = {});
    void showProvenance(qint64 id);
    // The perplexity curves of these runs, or of every perplexity run in the store when empty.
    void showPerplexity(const QVector<qint64>& ids = {});

Q_SIGNALS:
    void runsChanged(const QVector<cb::widgets::RunRowData>& rows);
    void tasksChanged(const QStringList& tasks);
    void overlayChanged(const cb::widgets::OverlayFigureData& figure, const QString& note);
    void perplexityChanged(const cb::widgets::OverlayFigureData& figure, const QString& note);
    void comparisonChanged(const cb::widgets::ComparisonFigureData& figure);
    void provenanceReady(qint64 id, const QString& text);
    void failed(const QString& message);
    void accessChanged(bool readOnly);  // the database can only be read (deleting is refused)
    void idle();  // every queued request has run

private:
    using Request = std::function<void(const JobContext&)>;
    void enqueue(Request request);
    void startNext();
    void onGuiThread(std::function<void()> fn);
    bool databaseExists() const;

    QString database_;
    widgets::MetricChoice choice_;
    std::deque<Request> queue_;
    bool running_ = false;
    JobRunner runner_;
};

}  // namespace cb::app
