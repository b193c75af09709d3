#pragma once

#include "core/lift/lift_config.h"
#include "core/lift/lift_session.h"
#include "widgets/panels/lift_panel_data.h"

namespace cb::app {

// LIFT results and settings between core and the LIFT panel.
widgets::LiftResultData toLiftResult(const LiftReport& report);
LiftConfig toLiftConfig(const widgets::LiftSettingsData& settings);  // modes, model and questions aside
widgets::LiftSettingsData toLiftSettings(const LiftConfig& config);

}  // namespace cb::app
