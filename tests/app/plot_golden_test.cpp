// Every figure kind drawn from a fixed results database (tests/data/golden/results.sqlite: a demo
// workspace's three 4,096-token evaluations, full, CCA zero-shot and CCA adapted, with their
// per-position perplexities) against reference images, with a tolerance for anti-aliasing and font
// hinting. tools/update_golden_images.sh redraws the references after a deliberate change, with the
// settings `render` uses here.
#include "app/cli/plot_output.h"
#include "tests/support/test_paths.h"

#include <QColor>
#include <QImage>
#include <gtest/gtest.h>

#include <filesystem>

namespace cb::cli {
namespace {

struct ImageDifference {
    bool sameSize = false;
    double meanAbs = 0.0;        // mean over pixels of the largest channel difference, 0..255
    double farFraction = 0.0;    // pixels differing by more than 64 in some channel
};

ImageDifference compare(const QImage& a, const QImage& b) {
    ImageDifference d;
    d.sameSize = a.size() == b.size();
    if (!d.sameSize) return d;
    const QImage x = a.convertToFormat(QImage::Format_RGB32), y = b.convertToFormat(QImage::Format_RGB32);
    double sum = 0.0;
    long far = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto* p = reinterpret_cast<const QRgb*>(x.constScanLine(row));
        const auto* q = reinterpret_cast<const QRgb*>(y.constScanLine(row));
        for (int col = 0; col < x.width(); ++col) {
            const int diff = std::max({std::abs(qRed(p[col]) - qRed(q[col])), std::abs(qGreen(p[col]) - qGreen(q[col])),
                                       std::abs(qBlue(p[col]) - qBlue(q[col]))});
            sum += diff;
            far += diff > 64 ? 1 : 0;
        }
    }
    const double pixels = static_cast<double>(x.width()) * x.height();
    d.meanAbs = sum / pixels;
    d.farFraction = far / pixels;
    return d;
}

// The database is opened read-write (WAL): figures are drawn from a copy, so the fixture never changes.
std::string copyOfDatabase(const test::TempDir& dir) {
    const auto copy = dir.file("results.sqlite");
    std::filesystem::copy_file(test::dataPath("golden/results.sqlite"), copy);
    return copy;
}

std::string render(const std::string& figure, const std::string& db, const std::string& out) {
    StorePlotRequest request;
    request.figure = figure;
    request.db = db;
    request.out = out;
    request.size = "single";
    request.dpi = 120;
    request.replicates = 200;
    renderStorePlot(request);
    return out;
}

class PlotGolden : public ::testing::TestWithParam<const char*> {};

TEST_P(PlotGolden, MatchesItsReferenceImage) {
    const std::string figure = GetParam();
    test::TempDir dir;
    const auto reference = test::dataPath("golden/" + figure + ".png");
    const auto drawn = render(figure, copyOfDatabase(dir), dir.file(figure + ".png"));
    const QImage expected(QString::fromStdString(reference)), actual(QString::fromStdString(drawn));
    ASSERT_FALSE(expected.isNull()) << reference;
    const auto d = compare(expected, actual);
    ASSERT_TRUE(d.sameSize) << expected.width() << "x" << expected.height() << " vs " << actual.width() << "x" << actual.height();
    EXPECT_LT(d.meanAbs, 3.0) << figure;
    EXPECT_LT(d.farFraction, 0.01) << figure;
}

INSTANTIATE_TEST_SUITE_P(EveryFigureKind, PlotGolden, ::testing::Values("auroc", "ppl", "delta", "strata"));

// The tolerance is not so loose that another figure, or the same one with one run fewer, passes.
TEST(PlotGoldenTolerance, TellsDifferentFiguresApart) {
    test::TempDir dir;
    const QImage auroc(QString::fromStdString(test::dataPath("golden/auroc.png")));
    const QImage delta(QString::fromStdString(test::dataPath("golden/delta.png")));
    ASSERT_FALSE(auroc.isNull());
    const auto unlike = compare(auroc, delta);
    EXPECT_TRUE(!unlike.sameSize || unlike.meanAbs >= 3.0 || unlike.farFraction >= 0.01);

    StorePlotRequest fewer;
    fewer.figure = "auroc";
    fewer.db = copyOfDatabase(dir);
    fewer.out = dir.file("fewer.png");
    fewer.size = "single";
    fewer.dpi = 120;
    fewer.filter = "attention=full|CCA g16 s1024 adapted";
    renderStorePlot(fewer);
    const auto missing = compare(auroc, QImage(QString::fromStdString(fewer.out)));
    ASSERT_TRUE(missing.sameSize);
    EXPECT_TRUE(missing.meanAbs >= 3.0 || missing.farFraction >= 0.01) << missing.meanAbs << " " << missing.farFraction;
}

}  // namespace
}  // namespace cb::cli
