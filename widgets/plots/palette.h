#pragma once

#include <QColor>
#include <QPen>

namespace cb::widgets {

// Colour-blind-safe colours (Okabe & Ito, 2008) for series; beyond eight, series repeat a colour
// with a different dash so fourteen task lines stay distinguishable.
QColor seriesColor(int index);
QPen seriesPen(int index, double width);
QColor meanColor();  // reserved for the mean curve: near-black, never a series colour

}  // namespace cb::widgets
