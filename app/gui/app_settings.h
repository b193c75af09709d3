#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <string>

namespace cb::app {

// Where and how the GUI's jobs compute.
struct ComputePreferences {
    std::string device = "auto";     // auto, cpu, cuda:N
    std::string precision = "fp32";  // fp32 or bf16

    static ComputePreferences load();
    void save() const;
};

// How the views were left.
struct ViewSettings {
    QString tab = QStringLiteral("auroc");  // a MainWindow::showView name
    bool taskLines = true;
    QString strataMetric = QStringLiteral("rr1");
    bool overlayLogX = true;
    bool perplexityLogX = true;
};

// What was open when the application last closed, reopened at the next start.
struct SessionSettings {
    QString workspace;
    QString cohortSpec;   // empty: the demo
    QString modelFolder;  // empty: none
};

// Every setting the GUI keeps between runs, typed, in one place; QSettings underneath. Each group
// loads with defaults for what is missing or malformed, so a damaged settings file never stops
// the application.
struct AppSettings {
    static constexpr int kRecentLimit = 8;

    ComputePreferences compute;
    ViewSettings view;
    SessionSettings session;
    QStringList recentCohorts, recentModels;  // most recent first
    QString theme = QStringLiteral("system");  // system, light, dark
    QByteArray geometry, windowState;

    static AppSettings load();
    void save() const;
    // Puts `item` first, without duplicates, keeping kRecentLimit entries.
    static void remember(QStringList& list, const QString& item);
};

}  // namespace cb::app
