#include "app/gui/lift_controller.h"
#include "core/lift/document_tokens.h"
#include "core/tokenize/text/text_tokenizer.h"
#include "tests/support/test_paths.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>
#include <gtest/gtest.h>

namespace cb::app {
namespace {

QString document(int variant) {
    QString text;
    for (int i = 0; text.size() < 3'000'000; ++i)
        text += QStringLiteral("On day %1 the glucose was %2 mmol/L.\n").arg(i).arg((i * 7 + variant) % 23);
    return text;
}

bool waitFor(const std::function<bool()>& done, int ms = 60000) {
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < ms) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    return done();
}

// A count of the old text that finishes (or reports progress) after an edit never reaches the panel:
// only the new text's count does.
TEST(LiftController, AnEditStopsTheOldCountAndOnlyTheNewOneShows) {
    const auto dir = QString::fromStdString(test::dataPath("text_model"));
    const auto tokenizer = TextTokenizer::fromFile(test::dataPath("text_model/tokenizer.json"));
    const auto first = document(0), second = document(1) + QStringLiteral("One more line.\n");
    LiftConfig config;
    config.segmentLength = 512;
    const auto firstSummary = describeSegmentation(std::int64_t(tokenizeDocument(tokenizer, first.toStdString()).ids.size()), config);
    const auto secondSummary = describeSegmentation(std::int64_t(tokenizeDocument(tokenizer, second.toStdString()).ids.size()), config);
    ASSERT_NE(firstSummary, secondSummary);

    LiftController controller;
    QStringList shown;
    QObject::connect(&controller, &LiftController::tokenSummary, [&](const QString& s) { shown << s; });
    controller.countTokens(first, dir, 512);
    ASSERT_TRUE(waitFor([&] { return !shown.isEmpty() && shown.back().startsWith(QStringLiteral("Counting")); }));
    controller.documentEdited();
    const auto afterEdit = shown.size();
    EXPECT_TRUE(shown.back().startsWith(QStringLiteral("Text changed")));
    // Let the old job wind down (its results, if any, are queued), then count the new text.
    waitFor([] { return false; }, 300);
    controller.countTokens(second, dir, 512);
    ASSERT_TRUE(waitFor([&] { return shown.back() == QString::fromStdString(secondSummary); }));
    for (auto i = afterEdit; i < shown.size(); ++i) EXPECT_NE(shown[i], QString::fromStdString(firstSummary)) << i;

    // Without an edit the count finishes and shows.
    controller.countTokens(first, dir, 512);
    ASSERT_TRUE(waitFor([&] { return shown.back() == QString::fromStdString(firstSummary); }));
}

}  // namespace
}  // namespace cb::app
