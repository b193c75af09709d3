// A 10 MB document pasted into the LIFT panel must never freeze the GUI: the panel takes the text on
// the GUI thread (that is the paste itself), then its tokens are counted on a worker thread with
// progress, and a second paste while the first is being counted cancels that count. Measured
// offscreen for a byte-level (Llama-3-style) and a byte-fallback (Llama-2-style) tokenizer:
//   paste_ms           setDocument of the text, on the GUI thread
//   count_ms           from the paste to the token summary (400 ms of it is the panel's debounce)
//   worst_gap_ms       the longest gap between ticks of a 5 ms watchdog timer while counting
//   progress_updates   how many "Counting tokens… N%" summaries the panel showed on the way
//   replaced_count_ms  a second, different paste made while the first count runs: until its summary
// The idle floor of the same watchdog is printed first.
//
//   contextbench_lift_paste_bench TOKENIZER_DIR... (each a folder with a tokenizer.json)
#include "app/gui/lift_controller.h"
#include "bench/event_loop_watch.h"
#include "app/gui/lift_wiring.h"
#include "widgets/panels/job_panel.h"
#include "widgets/panels/lift_panel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QStatusBar>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>

namespace {

using cb::bench::watchEventLoop;

QString clinicalText(std::size_t bytes, int variant) {
    std::string text;
    for (int i = 0; text.size() < bytes; ++i) {
        text += "On 2019-03-" + std::to_string(i % 28 + 1) + " hemoglobin was " + std::to_string((i + variant) % 17) + ".5 g/dL. ";
        if (i % 7 == 0) text += "\n";
        if (i % 11 == 0) text += "  Größe ☃ 体重 65 kg\r\n";
        if (i % 13 == 0) text += "Plan:\tcontinue metformin 500 mg\n\nFollow-up in 3 weeks.\n";
    }
    return QString::fromStdString(text);
}

bool counted(const cb::widgets::LiftPanel& panel) { return panel.tokenSummary().contains(QStringLiteral(" tokens -> ")); }

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s TOKENIZER_DIR...\n", argv[0]);
        return 2;
    }
    {
        QElapsedTimer idle;
        idle.start();
        const double floor = watchEventLoop([&] { return idle.elapsed() > 2000; });
        std::printf("{\"bench\": \"lift_paste_idle\", \"watchdog_ms\": 5, \"worst_gap_ms\": %.1f}\n", floor);
    }
    const auto first = clinicalText(10u << 20, 0), second = clinicalText((10u << 20) + 4096, 1);
    for (int a = 1; a < argc; ++a) {
        cb::widgets::LiftPanel panel;
        cb::app::LiftController controller;
        cb::widgets::JobPanel jobs;
        QStatusBar status;
        cb::app::wireLiftPanel(&panel, &controller, &jobs, &status, [] { return QString(); });
        panel.resize(1280, 800);
        panel.show();
        panel.setModelDir(QString::fromLocal8Bit(argv[a]));
        watchEventLoop([&] { return panel.tokenSummary().contains(QStringLiteral("choose")) || panel.tokenSummary().contains(QStringLiteral("No document")); });

        QElapsedTimer clock;
        clock.start();
        panel.setDocument(first);
        const double paste = clock.nsecsElapsed() / 1e6;
        int updates = 0;
        QString lastSummary;
        const double gap = watchEventLoop([&] { return counted(panel); }, [&] {
            if (panel.tokenSummary() != lastSummary && panel.tokenSummary().startsWith(QStringLiteral("Counting"))) ++updates;
            lastSummary = panel.tokenSummary();
        });
        const double count = clock.nsecsElapsed() / 1e6;
        const auto summary = panel.tokenSummary();

        // The second paste lands while the first is half counted: only the second's count may show.
        panel.setDocument(first + QStringLiteral(" "));
        watchEventLoop([&] { return panel.tokenSummary().startsWith(QStringLiteral("Counting")) && !panel.tokenSummary().endsWith(QStringLiteral(" 0%")); });
        clock.restart();
        panel.setDocument(second);
        watchEventLoop([&] { return counted(panel); });  // the paste at once set the summary to "Text changed"
        const double replaced = clock.nsecsElapsed() / 1e6;
        std::printf("{\"bench\": \"lift_paste\", \"tokenizer\": \"%s\", \"bytes\": %lld, \"paste_ms\": %.0f, \"count_ms\": %.0f, "
                    "\"worst_gap_ms\": %.1f, \"progress_updates\": %d, \"replaced_count_ms\": %.0f, \"summary\": \"%s\", "
                    "\"second_summary\": \"%s\"}\n",
                    argv[a], static_cast<long long>(first.toUtf8().size()), paste, count, gap, updates, replaced,
                    summary.toUtf8().constData(), panel.tokenSummary().toUtf8().constData());
        std::fflush(stdout);
    }
    return 0;
}
