#pragma once

#include <QString>

class QApplication;

namespace cb::app {

// Light or dark window chrome with the Fusion style: "light", "dark", or "system" (dark when the
// palette the platform gave at start-up is dark). Figures stay on white in every theme: what a view
// shows is what it exports into a report.
void applyTheme(QApplication& app, const QString& mode);
// Whether the platform's own palette, as it was before any theme was applied, is a dark one.
bool systemPrefersDark();

}  // namespace cb::app
