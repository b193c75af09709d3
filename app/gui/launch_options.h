#pragma once

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
    QString tab = QStringLiteral("auroc");
};

// Parses the GUI's command line; on a bad flag returns false with `error` set.
bool parseLaunchOptions(const QStringList& arguments, LaunchOptions& options, QString& error);

}  // namespace cb::app
