#pragma once

#include "app/gui/background_job.h"
#include "widgets/panels/attention_bench_data.h"

#include <QStringList>

namespace cb::widgets {
class AttentionBenchPanel;
class JobPanel;
}  // namespace cb::widgets

namespace cb::app {

// Runs the attention benchmark off the GUI thread; each measurement reaches the panel as it lands.
class AttentionBenchController : public BackgroundJob {
    Q_OBJECT
public:
    explicit AttentionBenchController(QObject* parent = nullptr);

    static QStringList availableDevices();  // "cpu", and "cuda" when LibTorch sees a GPU
    void start(const widgets::AttentionBenchRequest& request);

    // Connects a panel and the shared job panel to this controller.
    void attach(widgets::AttentionBenchPanel* panel, widgets::JobPanel* jobs);

Q_SIGNALS:
    void rowReady(const cb::widgets::AttentionBenchRow& row);
};

}  // namespace cb::app

Q_DECLARE_METATYPE(cb::widgets::AttentionBenchRow)
Q_DECLARE_METATYPE(cb::widgets::AttentionBenchRequest)
