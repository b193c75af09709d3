#pragma once

// QCustomPlot's header spells Qt's keyword macros (signals, foreach). ContextBench builds with
// QT_NO_KEYWORDS because LibTorch uses `slots` as an identifier, so they are lent for this include
// only.
#if defined(QT_NO_KEYWORDS)
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
#else
#include <qcustomplot.h>
#endif
