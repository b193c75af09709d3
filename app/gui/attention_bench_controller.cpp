#include "app/gui/attention_bench_controller.h"

#include "core/attention/attention_benchmark.h"
#include "core/runtime/torch_runtime.h"
#include "widgets/panels/attention_bench_panel.h"
#include "widgets/panels/job_panel.h"

#include <QMessageBox>
#include <QMetaObject>

#include <torch/cuda.h>

namespace cb::app {
namespace {

widgets::AttentionBenchRow toRow(const AttentionBenchResult& r) {
    return {QString::fromStdString(r.impl), r.context, r.medianMs, r.peakMb, r.speedupOverFull, QString::fromStdString(r.device)};
}

}  // namespace

AttentionBenchController::AttentionBenchController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<widgets::AttentionBenchRow>();
    qRegisterMetaType<widgets::AttentionBenchRequest>();
}

AttentionBenchController::~AttentionBenchController() {
    runner_.cancel();
    runner_.wait();
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
    Q_EMIT jobStarted(tr("Attention benchmark on %1").arg(request.device));
    runner_.start(
        [this, config](const JobContext& job) {
            initTorchRuntime();
            benchmarkAttention(config, job, [this](const AttentionBenchResult& r) {
                const auto row = toRow(r);
                QMetaObject::invokeMethod(this, [this, row] { Q_EMIT rowReady(row); }, Qt::QueuedConnection);
            });
        },
        [this](const ProgressUpdate& u) {
            QMetaObject::invokeMethod(this, [this, u] {
                Q_EMIT jobProgress(u.fraction, QString::fromStdString(u.stage), QString::fromStdString(u.detail));
            }, Qt::QueuedConnection);
        },
        [this](JobState state, const std::string& error) {
            QMetaObject::invokeMethod(this, [this, state, error] {
                switch (state) {
                    case JobState::Succeeded: Q_EMIT jobFinished(tr("Attention benchmark finished"), true); break;
                    case JobState::Cancelled: Q_EMIT jobFinished(tr("Attention benchmark cancelled"), false); break;
                    default: Q_EMIT jobFinished(tr("Attention benchmark failed: %1").arg(QString::fromStdString(error)), false); break;
                }
            }, Qt::QueuedConnection);
        });
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
    connect(panel, &AttentionBenchPanel::cancelRequested, this, &AttentionBenchController::cancel);
    connect(this, &AttentionBenchController::rowReady, panel, &AttentionBenchPanel::addRow);
    connect(this, &AttentionBenchController::jobStarted, jobs, &widgets::JobPanel::start);
    connect(this, &AttentionBenchController::jobProgress, jobs, &widgets::JobPanel::update);
    connect(this, &AttentionBenchController::jobFinished, panel, [panel, jobs](const QString& message, bool) {
        panel->setRunning(false);
        jobs->finish(message);
    });
}

}  // namespace cb::app
