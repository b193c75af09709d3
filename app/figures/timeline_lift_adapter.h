#pragma once

#include "core/lift/timeline_lift.h"
#include "widgets/panels/timeline_lift_data.h"

namespace cb::app {

// LIFT on timelines between core and its panel.
widgets::TimelineLiftResultData toTimelineLiftResult(const TimelineLiftResult& result);
TimelineLiftConfig toTimelineLiftConfig(const widgets::TimelineLiftSettingsData& settings);

}  // namespace cb::app
