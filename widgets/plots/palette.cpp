#include "widgets/plots/palette.h"

#include <array>

namespace cb::widgets {

QColor seriesColor(int index) {
    static const std::array<QColor, 7> colours = {
        QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9), QColor(0x00, 0x9E, 0x73), QColor(0xF0, 0xE4, 0x42),
        QColor(0x00, 0x72, 0xB2), QColor(0xD5, 0x5E, 0x00), QColor(0xCC, 0x79, 0xA7)};
    return colours[static_cast<std::size_t>(index) % colours.size()];
}

QPen seriesPen(int index, double width) {
    static const std::array<Qt::PenStyle, 3> styles = {Qt::SolidLine, Qt::DashLine, Qt::DotLine};
    QPen pen(seriesColor(index), width);
    pen.setStyle(styles[static_cast<std::size_t>(index / 7) % styles.size()]);
    return pen;
}

QColor meanColor() { return QColor(0x1A, 0x1A, 0x1A); }

}  // namespace cb::widgets
