#include "core/common/error.h"
#include "core/io/parquet_reader.h"
#include "core/io/parquet_writer.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace cb {
namespace {

const std::vector<ParquetColumnSpec> kSpecs = {
    {"id", ParquetKind::Int64, false, false},
    {"value", ParquetKind::Float, true, false},
    {"score", ParquetKind::Double, false, false},
    {"flag", ParquetKind::Boolean, true, false},
    {"code", ParquetKind::String, false, true},
    {"note", ParquetKind::String, true, false},
    {"time", ParquetKind::TimestampMicros, true, false},
    {"parents", ParquetKind::StringList, true, true},
};

// Row `r` of a row group starting at `first`: every column derives from the global row number.
std::vector<ParquetColumnData> makeRowGroup(std::size_t first, std::size_t rows) {
    std::vector<ParquetColumnData> cols(kSpecs.size());
    const std::vector<std::string> codes{"LAB//HR", "DX//I10", "MEDS_BIRTH", "ß-unicode", ""};
    for (auto* c : {&cols[4], &cols[5], &cols[7]}) c->strings = codes;
    cols[5].strings.push_back("a note, with \"quotes\"\nand a newline");
    cols[7].listOffsets.push_back(0);
    for (std::size_t i = 0; i < rows; ++i) {
        const std::size_t r = first + i;
        cols[0].ints.push_back(static_cast<std::int64_t>(r) * 1000003 - 5);
        cols[1].reals.push_back(r % 4 == 0 ? std::nan("") : static_cast<float>(r) * 0.5f);
        cols[1].valid.push_back(r % 4 != 0);
        cols[2].reals.push_back(-1.0 / static_cast<double>(r + 1));
        cols[3].ints.push_back(r % 3 == 0);
        cols[3].valid.push_back(r % 5 != 2);
        cols[4].stringIds.push_back(static_cast<std::uint32_t>((r * 7) % codes.size()));
        cols[5].stringIds.push_back(r % 2 ? 5u : static_cast<std::uint32_t>(r % 5));
        cols[5].valid.push_back(r % 6 != 1);
        cols[6].ints.push_back(-86'400'000'000LL + static_cast<std::int64_t>(r) * 3'600'000'001LL);
        cols[6].valid.push_back(r % 7 != 3);
        const bool listPresent = r % 4 != 1;
        cols[7].valid.push_back(listPresent);
        if (listPresent)
            for (std::size_t e = 0; e < r % 3; ++e) cols[7].stringIds.push_back(static_cast<std::uint32_t>((r + e) % 4));
        cols[7].listOffsets.push_back(cols[7].stringIds.size());
    }
    return cols;
}

void writeFile(const std::string& path, const ParquetWriteOptions& options, const std::vector<std::size_t>& groups) {
    ParquetWriter writer(path, kSpecs, options);
    std::size_t first = 0;
    for (const auto rows : groups) {
        writer.writeRowGroup(makeRowGroup(first, rows));
        first += rows;
    }
    writer.finish();
}

void expectRoundTrip(const std::string& path, std::size_t total) {
    const ParquetFile file(path);
    ASSERT_EQ(file.numRows(), static_cast<std::int64_t>(total));
    const auto expected = makeRowGroup(0, total);
    for (std::size_t c = 0; c < kSpecs.size(); ++c) {
        const auto& spec = kSpecs[c];
        SCOPED_TRACE(path + " column " + spec.name);
        if (spec.kind == ParquetKind::StringList) {
            const auto* info = file.findColumn(spec.name + ".list.element");
            ASSERT_TRUE(info);
            EXPECT_TRUE(info->nested);
            EXPECT_EQ(info->maxRepetitionLevel, 1);
            EXPECT_THROW(file.readColumn(info->name), Error);
            continue;
        }
        const auto got = file.readColumn(spec.name);
        const auto& want = expected[c];
        ASSERT_EQ(got.size(), total);
        EXPECT_EQ(file.findColumn(spec.name)->nullable, spec.nullable);
        for (std::size_t r = 0; r < total; ++r) {
            ASSERT_EQ(got.isValid(r), want.isValid(r)) << "row " << r;
            if (!want.isValid(r)) continue;
            switch (spec.kind) {
                case ParquetKind::Float:
                case ParquetKind::Double: ASSERT_EQ(got.reals[r], want.reals[r]) << "row " << r; break;
                case ParquetKind::String: ASSERT_EQ(got.string(r), want.string(r)) << "row " << r; break;
                default: ASSERT_EQ(got.ints[r], want.ints[r]) << "row " << r;
            }
        }
    }
    EXPECT_EQ(file.findColumn("time")->timeUnit, TimeUnit::Micros);
    EXPECT_TRUE(file.findColumn("code")->isString);
}

TEST(ParquetWriter, RoundTripsEveryKindCodecAndPageVersionThroughTheReader) {
    test::TempDir dir;
    for (const auto codec : {Codec::Uncompressed, Codec::Snappy, Codec::Gzip, Codec::Zstd}) {
        for (const bool v2 : {false, true}) {
            ParquetWriteOptions options;
            options.codec = codec;
            options.dataPageV2 = v2;
            options.maxPageRows = 37;  // several pages a chunk, boundaries off the row groups'
            const std::string path = dir.file(std::string(toString(codec)) + (v2 ? "_v2" : "_v1") + ".parquet");
            writeFile(path, options, {100, 250, 1});
            expectRoundTrip(path, 351);
            const ParquetFile file(path);
            EXPECT_EQ(file.numRowGroups(), 3u);
            EXPECT_EQ(file.metadata().rowGroups[0].columns[0].metaData->codec, static_cast<std::int32_t>(codec));
        }
    }
}

TEST(ParquetWriter, DictionaryColumnsGetADictionaryPage) {
    test::TempDir dir;
    writeFile(dir.file("d.parquet"), {}, {64});
    const ParquetFile file(dir.file("d.parquet"));
    const auto& chunks = file.metadata().rowGroups[0].columns;
    const auto* code = file.findColumn("code");
    const auto* note = file.findColumn("note");
    EXPECT_TRUE(chunks[code->chunkIndex].metaData->dictionaryPageOffset.has_value());
    EXPECT_FALSE(chunks[note->chunkIndex].metaData->dictionaryPageOffset.has_value());
    // Five distinct codes repeated over 64 rows: the dictionary chunk is far smaller than PLAIN strings.
    EXPECT_LT(chunks[code->chunkIndex].metaData->totalUncompressedSize, 64 * 8);
}

TEST(ParquetWriter, KeyValueMetadataAndEmptyFilesAreReadable) {
    test::TempDir dir;
    ParquetWriteOptions options;
    options.metadata = {{"origin", std::string("contextbench")}};
    {
        ParquetWriter writer(dir.file("empty.parquet"), kSpecs, options);
        writer.finish();
    }
    const ParquetFile file(dir.file("empty.parquet"));
    EXPECT_EQ(file.numRows(), 0);
    EXPECT_EQ(file.numRowGroups(), 0u);
    EXPECT_EQ(file.readColumn("id").size(), 0u);
    ASSERT_EQ(file.keyValueMetadata().size(), 1u);
    EXPECT_EQ(file.keyValueMetadata()[0].value, "contextbench");
}

TEST(ParquetWriter, BadRowGroupsAreRefusedWithFileAndColumnNamed) {
    test::TempDir dir;
    ParquetWriter writer(dir.file("bad.parquet"), kSpecs);
    auto cols = makeRowGroup(0, 10);
    cols[0].valid.assign(10, 1);
    cols[0].valid[3] = 0;  // null in the required "id"
    try {
        writer.writeRowGroup(cols);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("bad.parquet"), std::string::npos) << message;
        EXPECT_NE(message.find("'id'"), std::string::npos) << message;
        EXPECT_NE(message.find("row 3"), std::string::npos) << message;
    }
    auto shortColumn = makeRowGroup(0, 10);
    shortColumn[2].reals.pop_back();
    EXPECT_THROW(writer.writeRowGroup(shortColumn), Error);
    auto badString = makeRowGroup(0, 10);
    badString[4].stringIds[0] = 99;
    EXPECT_THROW(writer.writeRowGroup(badString), Error);
    EXPECT_THROW(writer.writeRowGroup({}), Error);
}

TEST(ParquetWriter, AnUnfinishedWriterLeavesNoFileBehind) {
    test::TempDir dir;
    {
        ParquetWriter writer(dir.file("partial.parquet"), kSpecs);
        writer.writeRowGroup(makeRowGroup(0, 20));
    }
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace cb
