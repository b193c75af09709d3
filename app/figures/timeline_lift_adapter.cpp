#include "app/figures/timeline_lift_adapter.h"

#include <QObject>

namespace cb::app {
namespace {

widgets::Interval interval(const Estimate& e) { return {e.value, e.low, e.high}; }

}  // namespace

widgets::TimelineLiftResultData toTimelineLiftResult(const TimelineLiftResult& result) {
    widgets::TimelineLiftResultData data;
    for (const auto& t : result.tasks)
        data.rows.push_back({QString::fromStdString(t.task), t.evaluated, QString::fromStdString(t.skipReason), interval(t.base),
                             interval(t.lift), interval(t.longContext), t.testCount, t.testPositives});
    data.meanBase = interval(result.meanBase);
    data.meanLift = interval(result.meanLift);
    data.meanLong = interval(result.meanLong);
    data.hasLong = result.hasLong;
    data.context = result.context;
    data.longContext = result.longContext;
    const double perExample = result.examples ? result.liftSeconds / static_cast<double>(result.examples) : 0.0;
    data.note = QObject::tr("%1 examples adapted (%2 train, %3 tuning, %4 test patients): LIFT took %5 s, %6 s per example, "
                            "against %7 s to featurise them without it. Intervals: 95% patient bootstrap, shared by the columns.")
                    .arg(result.examples)
                    .arg(result.patients[0])
                    .arg(result.patients[1])
                    .arg(result.patients[2])
                    .arg(result.liftSeconds, 0, 'f', 1)
                    .arg(perExample, 0, 'f', 2)
                    .arg(result.baseSeconds, 0, 'f', 2);  // often well under a tenth of a second
    return data;
}

TimelineLiftConfig toTimelineLiftConfig(const widgets::TimelineLiftSettingsData& s) {
    TimelineLiftConfig config;
    config.patientsPerSplit = s.patients;
    config.lift.epochs = s.epochs;
    config.lift.loraRank = s.loraRank;
    config.lift.learningRate = s.learningRate;
    config.lift.segmentsPerBatch = 8;
    config.probe.bootstrapReplicates = s.replicates;
    return config;
}

}  // namespace cb::app
