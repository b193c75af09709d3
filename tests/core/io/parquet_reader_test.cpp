#include "core/common/error.h"
#include "core/io/parquet_reader.h"
#include "core/io/parquet_thrift.h"
#include "core/io/rle_bitpacked.h"
#include "tests/support/json_fixture.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>

namespace cb {
namespace {

std::vector<std::uint8_t> readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Expects `open` to throw cb::Error whose message names `file` and contains `fragment`.
template <typename F>
void expectError(F&& open, const std::string& file, const std::string& fragment) {
    try {
        open();
        ADD_FAILURE() << "expected an error mentioning '" << fragment << "'";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(file), std::string::npos) << message;
        EXPECT_NE(message.find(fragment), std::string::npos) << message;
    }
}

void expectColumn(const ParquetFile& file, const std::string& name, const nlohmann::json& expected) {
    SCOPED_TRACE(file.path() + " column " + name);
    const ParquetColumnData data = file.readColumn(name);
    ASSERT_EQ(data.size(), expected.size());
    const auto* info = file.findColumn(name);
    ASSERT_TRUE(info);
    for (std::size_t row = 0; row < expected.size(); ++row) {
        const auto& want = expected[row];
        ASSERT_EQ(data.isValid(row), !want.is_null()) << "row " << row;
        if (want.is_null()) continue;
        if (info->type == PhysicalType::ByteArray)
            ASSERT_EQ(data.string(row), want.get<std::string>()) << "row " << row;
        else if (info->type == PhysicalType::Float || info->type == PhysicalType::Double)
            ASSERT_EQ(data.reals[row], want.get<double>()) << "row " << row;
        else if (info->type == PhysicalType::Boolean)
            ASSERT_EQ(data.ints[row], want.get<bool>() ? 1 : 0) << "row " << row;
        else
            ASSERT_EQ(data.ints[row], want.get<std::int64_t>()) << "row " << row;
    }
}

TEST(ParquetReader, DecodesEveryCodecEncodingAndPageVersionPyarrowWrites) {
    const auto expected = test::loadJson("parquet/types_expected.json");
    ASSERT_EQ(expected["files"].size(), 16u);  // 4 codecs x dictionary on/off x page v1/v2
    for (const auto& name : expected["files"]) {
        const ParquetFile file(test::dataPath("parquet/" + name.get<std::string>()));
        EXPECT_EQ(file.numRows(), expected["rows"].get<std::int64_t>());
        EXPECT_EQ(file.numRowGroups(), expected["row_groups"].get<std::size_t>());
        for (const auto& [column, values] : expected["columns"].items()) expectColumn(file, column, values);
    }
}

TEST(ParquetReader, DescribesTheSchemaAndNormalisesTimestampsToMicroseconds) {
    const ParquetFile file(test::dataPath("parquet/types_snappy_dict_v1.parquet"));
    ASSERT_TRUE(file.findColumn("label"));
    EXPECT_TRUE(file.findColumn("label")->isString);
    EXPECT_FALSE(file.findColumn("score")->isString);
    EXPECT_EQ(file.findColumn("small")->type, PhysicalType::Int32);
    EXPECT_EQ(file.findColumn("ts_ms")->timeUnit, TimeUnit::Millis);
    EXPECT_EQ(file.findColumn("ts_us")->timeUnit, TimeUnit::Micros);
    EXPECT_EQ(file.findColumn("ts_ns")->timeUnit, TimeUnit::Nanos);
    EXPECT_EQ(file.findColumn("id")->timeUnit, TimeUnit::None);
    // The list column is listed with its levels but is not readable as a flat column.
    const auto* tags = file.findColumn("tags.list.element");
    ASSERT_TRUE(tags);
    EXPECT_TRUE(tags->nested);
    EXPECT_EQ(tags->maxRepetitionLevel, 1);
    EXPECT_EQ(tags->maxDefinitionLevel, 3);
    expectError([&] { file.readColumn("tags.list.element"); }, "types_snappy_dict_v1.parquet", "nested");
    expectError([&] { file.readColumn("no_such_column"); }, "types_snappy_dict_v1.parquet", "'no_such_column'");
}

TEST(ParquetReader, ReadsASingleRowGroup) {
    const ParquetFile file(test::dataPath("parquet/types_zstd_plain_v2.parquet"));
    ASSERT_GE(file.numRowGroups(), 2u);
    const auto second = file.readColumn("id", 1);
    ASSERT_EQ(second.size(), static_cast<std::size_t>(file.rowGroupRows(1)));
    EXPECT_EQ(second.ints.front(), file.rowGroupRows(0));
    EXPECT_THROW(file.readColumn("id", file.numRowGroups()), Error);
}

TEST(ParquetReader, CorruptFilesFailWithTheFileNamedNeverACrash) {
    test::TempDir dir;
    const auto good = readBytes(test::dataPath("parquet/types_gzip_dict_v1.parquet"));
    ASSERT_GT(good.size(), 100u);

    auto badMagic = good;
    badMagic[0] = 'X';
    writeBytes(dir.file("bad_magic.parquet"), badMagic);
    expectError([&] { ParquetFile f(dir.file("bad_magic.parquet")); }, "bad_magic.parquet", "PAR1");

    // Cut inside the footer: the tail magic is gone.
    writeBytes(dir.file("truncated.parquet"), {good.begin(), good.end() - 20});
    expectError([&] { ParquetFile f(dir.file("truncated.parquet")); }, "truncated.parquet", "PAR1");

    // Keep the tail but claim a footer longer than the file.
    auto longFooter = good;
    const std::uint32_t huge = static_cast<std::uint32_t>(good.size());
    std::memcpy(longFooter.data() + good.size() - 8, &huge, 4);
    writeBytes(dir.file("long_footer.parquet"), longFooter);
    expectError([&] { ParquetFile f(dir.file("long_footer.parquet")); }, "long_footer.parquet", "footer length");

    // Replace the footer's Thrift with garbage of the same length.
    auto garbage = good;
    std::uint32_t footerLength = 0;
    std::memcpy(&footerLength, good.data() + good.size() - 8, 4);
    std::mt19937 rng(7);
    for (std::size_t i = good.size() - 8 - footerLength; i < good.size() - 8; ++i)
        garbage[i] = static_cast<std::uint8_t>(rng());
    writeBytes(dir.file("garbage.parquet"), garbage);
    expectError([&] { ParquetFile f(dir.file("garbage.parquet")); }, "garbage.parquet", "footer");

    writeBytes(dir.file("tiny.parquet"), {'P', 'A', 'R', '1'});
    expectError([&] { ParquetFile f(dir.file("tiny.parquet")); }, "tiny.parquet", "too short");
    expectError([&] { ParquetFile f(dir.file("missing.parquet")); }, "missing.parquet", "cannot open");
}

TEST(ParquetReader, RandomlyDamagedFilesThrowErrorsOnly) {
    // Flip bytes all over a valid file (data pages and footer alike): every outcome must be a clean
    // read or a cb::Error, never a crash or another exception type.
    test::TempDir dir;
    const auto good = readBytes(test::dataPath("parquet/types_snappy_dict_v2.parquet"));
    std::mt19937 rng(2024);
    int errors = 0;
    for (int trial = 0; trial < 300; ++trial) {
        auto bytes = good;
        const int flips = 1 + static_cast<int>(rng() % 4);
        for (int f = 0; f < flips; ++f) bytes[rng() % bytes.size()] = static_cast<std::uint8_t>(rng());
        const std::string path = dir.file("damaged.parquet");
        writeBytes(path, bytes);
        try {
            const ParquetFile file(path);
            for (const auto& column : file.columns())
                if (!column.nested) file.readColumn(column.name);
        } catch (const Error& e) {
            ++errors;
            EXPECT_NE(std::string(e.what()).find("damaged.parquet"), std::string::npos) << e.what();
        }
    }
    EXPECT_GT(errors, 0);
}

// A hand-made file: one INT64 column whose single page claims more bytes than its chunk holds.
TEST(ParquetReader, APagePastTheEndOfItsChunkIsReported) {
    test::TempDir dir;
    std::vector<std::uint8_t> bytes{'P', 'A', 'R', '1'};
    PageHeader page;
    page.type = page_type::kData;
    page.uncompressedPageSize = 1000;
    page.compressedPageSize = 1000;
    page.dataPage = DataPageHeader{3, encoding::kPlain, encoding::kRle, encoding::kRle};
    const auto header = encodePageHeader(page);
    bytes.insert(bytes.end(), header.begin(), header.end());
    for (int i = 0; i < 24; ++i) bytes.push_back(static_cast<std::uint8_t>(i));  // 3 int64 values, not 1000 bytes

    FileMetaData meta;
    SchemaElement root;
    root.name = "schema";
    root.numChildren = 1;
    SchemaElement leaf;
    leaf.name = "x";
    leaf.type = PhysicalType::Int64;
    leaf.repetition = Repetition::Required;
    meta.schema = {root, leaf};
    meta.numRows = 3;
    ColumnMetaData column;
    column.type = PhysicalType::Int64;
    column.encodings = {encoding::kPlain};
    column.pathInSchema = {"x"};
    column.numValues = 3;
    column.dataPageOffset = 4;
    column.totalCompressedSize = static_cast<std::int64_t>(bytes.size() - 4);
    column.totalUncompressedSize = column.totalCompressedSize;
    RowGroup group;
    group.numRows = 3;
    group.columns.push_back(ColumnChunk{std::nullopt, 4, column});
    meta.rowGroups.push_back(group);
    const auto footer = encodeFileMetaData(meta);
    bytes.insert(bytes.end(), footer.begin(), footer.end());
    const auto length = static_cast<std::uint32_t>(footer.size());
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<std::uint8_t>(length >> (8 * i)));
    bytes.insert(bytes.end(), {'P', 'A', 'R', '1'});
    writeBytes(dir.file("overrun.parquet"), bytes);

    const ParquetFile file(dir.file("overrun.parquet"));
    try {
        file.readColumn("x");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("overrun.parquet"), std::string::npos) << message;
        EXPECT_NE(message.find("row group 0"), std::string::npos) << message;
        EXPECT_NE(message.find("column 'x'"), std::string::npos) << message;
        EXPECT_NE(message.find("runs past the end"), std::string::npos) << message;
    }

    // The same chunk pointing past the end of the file is refused before any page is read.
    meta.rowGroups[0].columns[0].metaData->totalCompressedSize = 1 << 20;
    const auto badFooter = encodeFileMetaData(meta);
    std::vector<std::uint8_t> outside(bytes.begin(), bytes.end() - 8 - static_cast<std::ptrdiff_t>(footer.size()));
    outside.insert(outside.end(), badFooter.begin(), badFooter.end());
    const auto badLength = static_cast<std::uint32_t>(badFooter.size());
    for (int i = 0; i < 4; ++i) outside.push_back(static_cast<std::uint8_t>(badLength >> (8 * i)));
    outside.insert(outside.end(), {'P', 'A', 'R', '1'});
    writeBytes(dir.file("outside.parquet"), outside);
    const ParquetFile outsideFile(dir.file("outside.parquet"));
    expectError([&] { outsideFile.readColumn("x"); }, "outside.parquet", "outside the");
}

TEST(ParquetThrift, UnknownFieldsOfEveryCompactTypeAreSkipped) {
    // FileMetaData with the known fields interleaved with unknown ones of every compact type.
    CompactWriter w;
    w.beginStruct();
    w.fieldI32(1, 2);
    w.fieldBool(20, true);
    w.fieldBool(21, false);
    w.fieldHeader(22, thrift_type::kByte);
    w.writeRaw(0x7f);
    w.fieldHeader(23, thrift_type::kI16);
    w.writeZigzag(-300);
    w.fieldI32(24, -123456);
    w.fieldI64(25, -1234567890123LL);
    w.fieldHeader(26, thrift_type::kDouble);
    for (int i = 0; i < 8; ++i) w.writeRaw(0x40);
    w.fieldBinary(27, "unknown text");
    w.fieldList(28, thrift_type::kBoolTrue, 3);  // bools inside a list take a byte each
    w.writeRaw(1);
    w.writeRaw(2);
    w.writeRaw(1);
    w.fieldHeader(29, thrift_type::kSet);
    w.listHeader(thrift_type::kBinary, 20);  // 20 > 14: the long list header form
    for (int i = 0; i < 20; ++i) w.writeBinary("s" + std::to_string(i));
    w.fieldHeader(30, thrift_type::kMap);
    w.writeVarint(2);
    w.writeRaw(static_cast<std::uint8_t>((thrift_type::kI32 << 4) | thrift_type::kStruct));
    for (int i = 0; i < 2; ++i) {
        w.writeZigzag(i);
        w.beginStruct();
        w.fieldBinary(1, "nested");
        w.fieldStruct(2);
        w.fieldList(1, thrift_type::kI64, 2);
        w.writeZigzag(5);
        w.writeZigzag(-5);
        w.endStruct();
        w.endStruct();
    }
    w.fieldHeader(31, thrift_type::kMap);
    w.writeVarint(0);  // an empty map has no key/value type byte
    w.fieldList(2, thrift_type::kStruct, 2);  // id going backwards: the long field header form
    w.beginStruct();
    w.fieldBinary(4, "schema");
    w.fieldI32(5, 1);
    w.fieldI64(1000, 99);  // unknown, large id
    w.endStruct();
    w.beginStruct();
    w.fieldI32(1, static_cast<std::int32_t>(PhysicalType::Double));
    w.fieldI32(3, 1);
    w.fieldBinary(4, "value");
    w.endStruct();
    w.fieldI64(3, 0);
    w.fieldList(4, thrift_type::kStruct, 0);
    w.fieldBinary(6, "hand made");
    w.endStruct();

    const FileMetaData meta = decodeFileMetaData(w.bytes());
    EXPECT_EQ(meta.version, 2);
    ASSERT_EQ(meta.schema.size(), 2u);
    EXPECT_EQ(meta.schema[0].name, "schema");
    EXPECT_EQ(meta.schema[0].numChildren, 1);
    EXPECT_EQ(meta.schema[1].name, "value");
    EXPECT_EQ(meta.schema[1].type, PhysicalType::Double);
    EXPECT_EQ(meta.schema[1].repetition, Repetition::Optional);
    EXPECT_EQ(meta.createdBy, "hand made");
}

TEST(ParquetThrift, EncodedMetadataDecodesToTheSameValues) {
    FileMetaData meta;
    SchemaElement root;
    root.name = "schema";
    root.numChildren = 2;
    SchemaElement time;
    time.name = "time";
    time.type = PhysicalType::Int64;
    time.repetition = Repetition::Optional;
    time.logicalTimestamp = TimeUnit::Nanos;
    time.adjustedToUtc = true;
    SchemaElement code;
    code.name = "code";
    code.type = PhysicalType::ByteArray;
    code.repetition = Repetition::Required;
    code.logicalString = true;
    code.convertedType = converted_type::kUtf8;
    meta.schema = {root, time, code};
    meta.numRows = 1LL << 40;
    meta.keyValueMetadata = {{"k", std::string("v")}, {"empty", std::nullopt}};
    const auto decoded = decodeFileMetaData(encodeFileMetaData(meta));
    ASSERT_EQ(decoded.schema.size(), 3u);
    EXPECT_EQ(decoded.schema[1].logicalTimestamp, TimeUnit::Nanos);
    EXPECT_TRUE(decoded.schema[1].adjustedToUtc);
    EXPECT_TRUE(decoded.schema[2].logicalString);
    EXPECT_EQ(decoded.schema[2].convertedType, converted_type::kUtf8);
    EXPECT_EQ(decoded.numRows, 1LL << 40);
    ASSERT_EQ(decoded.keyValueMetadata.size(), 2u);
    EXPECT_EQ(decoded.keyValueMetadata[0].value, "v");
    EXPECT_FALSE(decoded.keyValueMetadata[1].value.has_value());
}

TEST(ParquetThrift, GarbageAndTruncatedThriftThrowsErrors) {
    std::mt19937 rng(11);
    int failures = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<std::uint8_t> bytes(1 + rng() % 64);
        for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
        try {
            decodeFileMetaData(bytes);
        } catch (const Error&) {
            ++failures;
        }
    }
    EXPECT_GT(failures, 1900);  // random bytes essentially never form a FileMetaData with a schema
    // Every prefix of a valid header is an error, not an overread.
    PageHeader page;
    page.type = page_type::kDataV2;
    page.uncompressedPageSize = 77;
    page.compressedPageSize = 55;
    page.dataPageV2 = DataPageHeaderV2{10, 2, 10, encoding::kRleDictionary, 3, 0, false};
    const auto bytes = encodePageHeader(page);
    std::size_t consumed = 0;
    const auto decoded = decodePageHeader(bytes, consumed);
    EXPECT_EQ(consumed, bytes.size());
    ASSERT_TRUE(decoded.dataPageV2);
    EXPECT_EQ(decoded.dataPageV2->numNulls, 2);
    EXPECT_FALSE(decoded.dataPageV2->isCompressed);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        EXPECT_THROW(decodePageHeader(std::span(bytes).first(cut), consumed), Error) << cut;
    // Deep nesting is refused rather than recursed into.
    std::vector<std::uint8_t> deep;
    for (int i = 0; i < 10000; ++i) deep.push_back(0x1c);  // field +1, type struct
    EXPECT_THROW(decodeFileMetaData(deep), Error);
}

TEST(ParquetRle, HybridRoundTripsEveryBitWidth) {
    std::mt19937 rng(5);
    for (int width = 0; width <= 32; ++width) {
        std::vector<std::uint32_t> values;
        const std::uint64_t limit = width == 32 ? 0xffffffffULL : ((1ULL << width) - 1);
        // Mixed runs: long repeats (RLE), noise (bit-packed), and lengths that are not multiples of 8.
        for (int block = 0; block < 20; ++block) {
            const std::size_t length = 1 + rng() % 40;
            const bool repeat = rng() % 2;
            const auto v = static_cast<std::uint32_t>(limit == 0 ? 0 : rng() % (limit + 1));
            for (std::size_t i = 0; i < length; ++i)
                values.push_back(repeat ? v : static_cast<std::uint32_t>(limit == 0 ? 0 : rng() % (limit + 1)));
        }
        std::vector<std::uint8_t> encoded;
        appendRleBitPacked(encoded, values, width);
        std::vector<std::uint32_t> decoded(values.size());
        RleBitPackedDecoder decoder(encoded, width);
        decoder.decode(decoded);
        ASSERT_EQ(decoded, values) << "bit width " << width;
        std::vector<std::uint32_t> tooMany(values.size() + 64);
        RleBitPackedDecoder again(encoded, width);
        if (width > 0) EXPECT_THROW(again.decode(tooMany), Error) << "bit width " << width;
    }
    EXPECT_EQ(bitWidthFor(0), 0);
    EXPECT_EQ(bitWidthFor(1), 1);
    EXPECT_EQ(bitWidthFor(255), 8);
    EXPECT_EQ(bitWidthFor(256), 9);
}

}  // namespace
}  // namespace cb
