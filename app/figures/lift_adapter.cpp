#include "app/figures/lift_adapter.h"

#include <QStringList>

#include <cmath>

namespace cb::app {
namespace {

widgets::LiftAnswerCell toCell(const ModeOutcome* mode, std::size_t i) {
    widgets::LiftAnswerCell cell;
    if (!mode || i >= mode->questions.size()) return cell;
    const auto& q = mode->questions[i];
    cell.ran = true;
    cell.answer = QString::fromStdString(q.answer);
    cell.logLikelihood = q.logLikelihood;
    cell.exact = q.exact;
    return cell;
}

QString rate(double v) { return std::isfinite(v) ? QStringLiteral("%1%").arg(100.0 * v, 0, 'f', 0) : QStringLiteral("–"); }

}  // namespace

widgets::LiftResultData toLiftResult(const LiftReport& report) {
    widgets::LiftResultData out;
    const auto* icl = report.mode(LiftMode::Icl);
    const auto* lift = report.mode(LiftMode::LiftOnly);
    const auto* both = report.mode(LiftMode::LiftIcl);
    const auto* any = icl ? icl : (lift ? lift : both);
    const std::size_t n = any ? any->questions.size() : 0;
    for (std::size_t i = 0; i < n; ++i) {
        widgets::LiftQuestionRow row;
        row.question = QString::fromStdString(any->questions[i].question);
        row.reference = QString::fromStdString(any->questions[i].reference);
        const auto& withWindow = icl ? icl : both;
        if (withWindow && withWindow->questions[i].evidenceInWindow) row.evidenceInWindow = *withWindow->questions[i].evidenceInWindow ? 1 : 0;
        row.icl = toCell(icl, i);
        row.lift = toCell(lift, i);
        row.liftIcl = toCell(both, i);
        out.rows.push_back(row);
    }
    QStringList parts;
    for (const auto& m : report.modes)
        parts << QStringLiteral("%1 %2 exact (%3 outside the ICL window)")
                     .arg(QString::fromStdString(liftModeName(m.mode)), rate(m.exactMatch()), rate(m.exactMatchOutsideWindow()));
    if (report.training)
        parts << QStringLiteral("LIFT %1 s, %2 s per 1K tokens").arg(report.training->seconds, 0, 'f', 1).arg(report.secondsPer1kTokens(), 0, 'f', 3);
    if (report.invalidUtf8Bytes > 0) parts << QStringLiteral("%1 invalid UTF-8 bytes replaced").arg(report.invalidUtf8Bytes);
    out.summary = parts.join(QStringLiteral(" · "));
    return out;
}

LiftConfig toLiftConfig(const widgets::LiftSettingsData& s) {
    LiftConfig c;
    c.segmentLength = s.segmentLength;
    c.epochs = s.epochs;
    c.loraRank = s.loraRank;
    c.learningRate = s.learningRate;
    c.stepsPerEpoch = s.stepsPerEpoch;
    c.contextWindow = s.contextWindow;
    if (!s.promptTemplate.isEmpty()) c.promptTemplate = s.promptTemplate.toStdString();
    return c;
}

widgets::LiftSettingsData toLiftSettings(const LiftConfig& c) {
    widgets::LiftSettingsData s;
    s.segmentLength = c.segmentLength;
    s.epochs = c.epochs;
    s.loraRank = c.loraRank;
    s.learningRate = c.learningRate;
    s.stepsPerEpoch = c.stepsPerEpoch;
    s.contextWindow = c.contextWindow;
    s.promptTemplate = QString::fromStdString(c.promptTemplate);
    return s;
}

}  // namespace cb::app
