#include "app/gui/attention_bench_controller.h"

#include "core/attention/attention_benchmark.h"
#include "core/runtime/torch_runtime.h"
#include "widgets/panels/attention_bench_panel.h"
#include "widgets/panels/job_panel.h"

#include <QMessageBox>

#include <torch/cuda.h>

namespace cb::app {
namespace {

widgets::AttentionBenchRow toRow(const AttentionBenchResult& r) {
    return {QString::fromStdString(r.impl), r.context,    r.medianMs, r.peakMb, r.speedupOverFull, QString::fromStdString(r.device),
            QString::fromStdString(r.path),  QString::fromStdString(r.notice)};
}

}  // namespace

AttentionBenchController::AttentionBenchController(QObject* parent) : BackgroundJob(parent) {
    qRegisterMetaType<widgets::AttentionBenchRow>();
    qRegisterMetaType<widgets::AttentionBenchRequest>();
}

QStringList AttentionBenchController::availableDevices() {
    QStringList devices{QStringLiteral("cpu")};
    if (torch::cuda::is_available()) devices.prepend(QStringLiteral("cuda"));
    return devices;
}

void AttentionBenchController::start(const widgets::AttentionBenchRequest& request) {
    AttentionBenchConfig config;
    config.contexts.assign(request.contexts.begin(), request.contexts.end());
    config.impls = {AttentionSpec{}, AttentionSpec::cca(request.groupSize, request.localWindow)};
    config.device = request.device.toStdString();
    runJob(
        tr("Attention benchmark on %1").arg(request.device),
        [this, config](const JobContext& job) {
            initTorchRuntime();
            benchmarkAttention(config, job, [this](const AttentionBenchResult& r) {
                const auto row = toRow(r);
                onGuiThread([this, row] { Q_EMIT rowReady(row); });
            });
        },
        {}, {tr("Attention benchmark finished"), tr("Attention benchmark cancelled"), tr("Attention benchmark failed: ")});
}

void AttentionBenchController::attach(widgets::AttentionBenchPanel* panel, widgets::JobPanel* jobs) {
    using widgets::AttentionBenchPanel;
    panel->setDevices(availableDevices());
    connect(panel, &AttentionBenchPanel::runRequested, this, [this, panel](const widgets::AttentionBenchRequest& request) {
        if (busy()) {
            QMessageBox::information(panel, tr("Attention benchmark"), tr("A benchmark is running; cancel it or wait for it."));
            return;
        }
        panel->clearRows();
        panel->setRunning(true);
        start(request);
    });
    connect(panel, &AttentionBenchPanel::cancelRequested, this, &BackgroundJob::cancel);
    connect(this, &AttentionBenchController::rowReady, panel, &AttentionBenchPanel::addRow);
    connect(this, &AttentionBenchController::jobStarted, jobs, &widgets::JobPanel::start);
    connect(this, &AttentionBenchController::jobProgress, jobs, &widgets::JobPanel::update);
    connect(this, &AttentionBenchController::jobFinished, panel, [panel, jobs](const QString& message, bool) {
        panel->setRunning(false);
        jobs->finish(message);
    });
}

}  // namespace cb::app
