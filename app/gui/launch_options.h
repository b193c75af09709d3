#pragma once

#include "app/gui/app_settings.h"
#include "core/analysis/demo.h"

#include <QString>
#include <QStringList>

namespace cb::app {

struct LaunchOptions {
    DemoSettings demo;
    QString workspace;
    bool evaluate = true;
    QString screenshot;  // render the window to this PNG once the demo is loaded, then quit
    QString exportPath;  // likewise for the figure (.png, .pdf or .svg)
    QString exportSize = QStringLiteral("double");
    QString cohort;  // open this cohort (loadCohort's spec) instead of the demo
    QString tab;  // empty: the view left open last time
    // Nothing on the command line says what to open: reopen what was open when the app last closed.
    bool restoreSession = false;
};

// What the application opens at start: the command line's choice, or else what was open last time.
struct StartupPlan {
    QString workspace;
    QString cohortSpec;   // empty: the demo
    QString modelFolder;  // opened after the cohort; empty: none
    bool restored = false;
};
StartupPlan planStartup(const LaunchOptions& options, const SessionSettings& lastSession);

// Parses the GUI's command line; on a bad flag returns false with `error` set.
bool parseLaunchOptions(const QStringList& arguments, LaunchOptions& options, QString& error);

}  // namespace cb::app
