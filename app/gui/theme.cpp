#include "app/gui/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace cb::app {
namespace {

const QPalette& platformPalette() {
    // Captured once, before the first theme replaces it.
    static const QPalette palette = QApplication::palette();
    return palette;
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(225, 225, 225), disabled(130, 130, 130), highlight(86, 156, 214);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, highlight);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::black);
    p.setColor(QPalette::PlaceholderText, disabled);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

}  // namespace

bool systemPrefersDark() { return platformPalette().color(QPalette::Window).lightness() < 128; }

void applyTheme(QApplication& app, const QString& mode) {
    platformPalette();
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const bool dark = mode == QStringLiteral("dark") || (mode == QStringLiteral("system") && systemPrefersDark());
    if (dark)
        app.setPalette(darkPalette());
    else if (mode == QStringLiteral("system"))
        app.setPalette(platformPalette());
    else
        app.setPalette(app.style()->standardPalette());
}

}  // namespace cb::app
