// The results browser over a cache of 10,000 runs must open and replot within 100 ms, and the GUI
// event loop must never stall for more than 50 ms while a job runs. Measured offscreen:
//   open     listRuns + rows + browser reset (filters refilled) + the table painted
//   replot   choosing another task's metric: one indexed query + rows + browser reset + paint
//   overlay  50 selected runs drawn as curves
// The baseline in the same run is the per-run way of reading the store (one runs query, then one
// metrics query per run), which the catalog's single joined query replaces.
// Then a tiny demo evaluation runs through the GUI's controller while a 5 ms watchdog timer records
// the longest gap between its ticks; the same watchdog over an idle loop is the floor.
#include "app/figures/results_adapter.h"
#include "app/gui/main_window.h"
#include "app/gui/results_controller.h"
#include "app/gui/workspace_controller.h"
#include "bench/event_loop_watch.h"
#include "core/analysis/run_catalog.h"
#include "core/analysis/run_kinds.h"
#include "core/common/remove_tree.h"
#include "tests/support/results_fixture.h"
#include "widgets/panels/curve_panel.h"
#include "widgets/panels/results_browser.h"
#include "widgets/panels/run_table_model.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <vector>

namespace {

double medianMs(int repeats, const std::function<void()>& body) {
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        body();
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

void fillStore(const std::string& path, int runs) {
    cb::ResultStore store(path);
    store.database().exec("PRAGMA synchronous = OFF");
    store.putCohort({"cohort-a", "synthetic-10k-bench", "synthetic", 2000, 1, nlohmann::json::object()});
    const std::vector<std::string> tasks = {"guo_los", "guo_readmission", "guo_icu", "lab_thrombocytopenia", "lab_hyperkalemia",
                                            "lab_hypoglycemia", "lab_hyponatremia", "lab_anemia", "new_hypertension",
                                            "new_hyperlipidemia", "new_pancan", "new_celiac", "new_lupus", "new_acutemi"};
    const char* architectures[] = {"LlamaForCausalLM", "GPT2LMHeadModel", "MambaForCausalLM", "HyenaDNAForCausalLM"};
    const int contexts[] = {512, 1024, 2048, 4096, 8192, 16384};
    for (int i = 0; i < runs; ++i) {
        cb::test::FixtureRun f;
        f.architecture = architectures[i % 4];
        f.context = contexts[(i / 4) % 6];
        f.attention = i % 3 == 0 ? "CCA g16 s1024" : "full";
        f.noiseSeed = static_cast<unsigned>(i + 1);
        f.tasks = tasks;
        f.patients = 40;
        f.storePredictions = false;  // the browser never reads them
        cb::test::addFixtureRun(store, f);
    }
}

double naiveListing(cb::ResultStore& store) {
    const auto start = std::chrono::steady_clock::now();
    std::size_t n = 0;
    for (const auto& run : store.runs("cohort-a", cb::kContextAurocRunKind)) n += store.metrics(run.id).size();
    (void)n;
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::atoi(argv[1]) : 10000;
    // CONTEXTBENCH_BENCH_DIR keeps the generated database for a look afterwards.
    const char* keep = std::getenv("CONTEXTBENCH_BENCH_DIR");
    const auto dir = keep ? std::filesystem::path(keep)
                          : std::filesystem::temp_directory_path() / ("contextbench-browser-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto db = (dir / "results.sqlite").string();
    if (!std::filesystem::exists(db)) fillStore(db, runs);
    cb::ResultStore store(db);

    cb::widgets::ResultsBrowser browser;
    browser.resize(1280, 720);
    browser.show();
    auto paint = [&] {
        browser.table()->viewport()->repaint();
        QApplication::processEvents();
    };
    const double open = medianMs(7, [&] {
        browser.setRuns(cb::app::toRunRows(cb::listRuns(store), nullptr));
        paint();
    });
    std::vector<std::string> tasks = {"guo_los", "lab_anemia", "new_celiac"};
    std::size_t t = 0;
    const double replot = medianMs(7, [&] {
        const auto values = cb::metricOfRuns(store, tasks[t++ % tasks.size()], "brier");
        browser.setRuns(cb::app::toRunRows(cb::listRuns(store), &values));
        paint();
    });
    cb::widgets::CurvePanel overlay(QStringLiteral("overlay"));
    overlay.resize(900, 600);
    overlay.show();
    const auto listing = cb::listRuns(store);
    const std::vector<cb::RunListing> selected(listing.begin(), listing.begin() + std::min<std::size_t>(50, listing.size()));
    const double overlayMs = medianMs(7, [&] {
        overlay.setFigure(cb::app::toAurocOverlay(selected, nullptr, QStringLiteral("Mean AUROC")));
        overlay.repaint();
    });
    std::vector<double> naive;
    for (int i = 0; i < 3; ++i) naive.push_back(naiveListing(store));
    std::sort(naive.begin(), naive.end());
    const double listOnly = medianMs(7, [&] { (void)cb::listRuns(store); });
    std::printf("{\"bench\": \"results_browser\", \"runs\": %d, \"rows_shown\": %d, \"open_ms\": %.1f, \"replot_ms\": %.1f, "
                "\"overlay_50_ms\": %.1f, \"catalog_query_ms\": %.1f, \"per_run_queries_ms\": %.1f, "
                "\"catalog_speedup\": %.1f, \"target_ms\": 100, \"open_vs_target\": %.2f, \"replot_vs_target\": %.2f}\n",
                runs, browser.table()->model()->rowCount(), open, replot, overlayMs, listOnly, naive[1], naive[1] / listOnly,
                open / 100.0, replot / 100.0);
    std::fflush(stdout);

    // Event-loop stalls: the idle floor, then a tiny demo evaluation with the browser refreshing.
    auto watch = [&](const std::function<void(std::function<void()>)>& during) {
        bool done = false;
        // Started from inside the watched loop, so that its own time on the GUI thread counts.
        QTimer::singleShot(0, [&] { during([&] { done = true; }); });
        return cb::bench::watchEventLoop([&] { return done; });
    };
    const double idle = watch([](std::function<void()> finish) { QTimer::singleShot(3000, std::move(finish)); });
    cb::app::WorkspaceController controller;
    cb::app::MainWindow window(&controller);
    window.show();
    const double busy = watch([&](std::function<void()> finish) {
        QObject::connect(&controller, &cb::app::WorkspaceController::jobFinished, [finish](const QString&, bool) { finish(); });
        cb::DemoSettings settings;
        settings.patients = 120;
        settings.contexts = {16, 32};
        settings.device = "cpu";
        controller.openDemo(settings, QString::fromStdString((dir / "demo").string()), true);
    });
    std::printf("{\"bench\": \"gui_stall\", \"watchdog_ms\": 5, \"idle_worst_gap_ms\": %.1f, \"worst_gap_during_job_ms\": %.1f, "
                "\"target_ms\": 50, \"stall_vs_target\": %.2f}\n",
                idle, busy, busy / 50.0);
    if (!keep) cb::removeTree(dir.string());
    return 0;
}
