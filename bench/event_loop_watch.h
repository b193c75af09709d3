#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <functional>

namespace cb::bench {

// Runs the event loop until `done()` says so and returns the longest gap, in ms, between ticks of a
// 5 ms timer: how long the GUI thread was busy at a stretch. `onTick` runs at every tick.
inline double watchEventLoop(const std::function<bool()>& done, const std::function<void()>& onTick = {}) {
    double worst = 0.0;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        worst = std::max(worst, (now - last) / 1e6);
        last = now;
        if (onTick) onTick();
    });
    tick.start(5);
    while (!done()) QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return worst;
}

}  // namespace cb::bench
