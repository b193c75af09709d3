#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cb {

// The slice of parquet.thrift ContextBench needs, decoded from and encoded to the Thrift compact
// protocol. Field ids follow the Parquet format specification; fields not listed are skipped.

enum class PhysicalType : std::int32_t {
    Boolean = 0, Int32 = 1, Int64 = 2, Int96 = 3, Float = 4, Double = 5, ByteArray = 6, FixedLenByteArray = 7
};
const char* toString(PhysicalType type);

enum class Repetition : std::int32_t { Required = 0, Optional = 1, Repeated = 2 };

namespace encoding {
inline constexpr std::int32_t kPlain = 0;
inline constexpr std::int32_t kPlainDictionary = 2;
inline constexpr std::int32_t kRle = 3;
inline constexpr std::int32_t kBitPacked = 4;
inline constexpr std::int32_t kRleDictionary = 8;
}  // namespace encoding

namespace page_type {
inline constexpr std::int32_t kData = 0;
inline constexpr std::int32_t kIndex = 1;
inline constexpr std::int32_t kDictionary = 2;
inline constexpr std::int32_t kDataV2 = 3;
}  // namespace page_type

namespace converted_type {
inline constexpr std::int32_t kUtf8 = 0;
inline constexpr std::int32_t kList = 3;
inline constexpr std::int32_t kTimestampMillis = 9;
inline constexpr std::int32_t kTimestampMicros = 10;
}  // namespace converted_type

enum class TimeUnit { None, Millis, Micros, Nanos };

struct SchemaElement {
    std::optional<PhysicalType> type;  // set for leaves only
    std::optional<Repetition> repetition;
    std::string name;
    std::int32_t numChildren = 0;
    std::optional<std::int32_t> convertedType;
    // LogicalType, reduced to the annotations ContextBench acts on.
    bool logicalString = false;
    bool logicalList = false;
    TimeUnit logicalTimestamp = TimeUnit::None;
    bool adjustedToUtc = false;
};

struct KeyValue {
    std::string key;
    std::optional<std::string> value;
};

struct ColumnMetaData {
    PhysicalType type = PhysicalType::Int64;
    std::vector<std::int32_t> encodings;
    std::vector<std::string> pathInSchema;
    std::int32_t codec = 0;
    std::int64_t numValues = 0;
    std::int64_t totalUncompressedSize = 0;
    std::int64_t totalCompressedSize = 0;
    std::int64_t dataPageOffset = 0;
    std::optional<std::int64_t> dictionaryPageOffset;
};

struct ColumnChunk {
    std::optional<std::string> filePath;  // set when the data lives in another file
    std::int64_t fileOffset = 0;
    std::optional<ColumnMetaData> metaData;
};

struct RowGroup {
    std::vector<ColumnChunk> columns;
    std::int64_t totalByteSize = 0;
    std::int64_t numRows = 0;
};

struct FileMetaData {
    std::int32_t version = 2;
    std::vector<SchemaElement> schema;  // depth-first flattening, root first
    std::int64_t numRows = 0;
    std::vector<RowGroup> rowGroups;
    std::vector<KeyValue> keyValueMetadata;
    std::string createdBy;
};

struct DataPageHeader {
    std::int32_t numValues = 0;
    std::int32_t encoding = encoding::kPlain;
    std::int32_t definitionLevelEncoding = encoding::kRle;
    std::int32_t repetitionLevelEncoding = encoding::kRle;
};

struct DictionaryPageHeader {
    std::int32_t numValues = 0;
    std::int32_t encoding = encoding::kPlain;
};

struct DataPageHeaderV2 {
    std::int32_t numValues = 0;
    std::int32_t numNulls = 0;
    std::int32_t numRows = 0;
    std::int32_t encoding = encoding::kPlain;
    std::int32_t definitionLevelsByteLength = 0;
    std::int32_t repetitionLevelsByteLength = 0;
    bool isCompressed = true;
};

struct PageHeader {
    std::int32_t type = page_type::kData;
    std::int32_t uncompressedPageSize = 0;
    std::int32_t compressedPageSize = 0;
    std::optional<DataPageHeader> dataPage;
    std::optional<DictionaryPageHeader> dictionaryPage;
    std::optional<DataPageHeaderV2> dataPageV2;
};

// Compact-protocol type ids (the low nibble of a field header).
namespace thrift_type {
inline constexpr std::uint8_t kStop = 0;
inline constexpr std::uint8_t kBoolTrue = 1;
inline constexpr std::uint8_t kBoolFalse = 2;
inline constexpr std::uint8_t kByte = 3;
inline constexpr std::uint8_t kI16 = 4;
inline constexpr std::uint8_t kI32 = 5;
inline constexpr std::uint8_t kI64 = 6;
inline constexpr std::uint8_t kDouble = 7;
inline constexpr std::uint8_t kBinary = 8;
inline constexpr std::uint8_t kList = 9;
inline constexpr std::uint8_t kSet = 10;
inline constexpr std::uint8_t kMap = 11;
inline constexpr std::uint8_t kStruct = 12;
}  // namespace thrift_type

// Bounds-checked compact-protocol reader. Every fault throws cb::Error with the byte offset; callers
// prefix the file name.
class CompactReader {
public:
    explicit CompactReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

    struct FieldHeader {
        std::uint8_t type = thrift_type::kStop;
        std::int16_t id = 0;
    };
    struct ListHeader {
        std::uint8_t elementType = 0;
        std::size_t size = 0;
    };

    void beginStruct();
    void endStruct();
    FieldHeader readFieldHeader();  // type kStop ends the struct
    ListHeader readListHeader();    // lists and sets share the encoding

    bool readBool(std::uint8_t fieldType);  // a bool field carries its value in the type nibble
    bool readBoolElement();                 // inside a list a bool is one byte
    std::int8_t readByte();
    std::int16_t readI16();
    std::int32_t readI32();
    std::int64_t readI64();
    double readDouble();
    std::string readBinary();
    // Skips a value of any type, however deeply nested (up to a depth that stops hostile input).
    void skip(std::uint8_t type, int depth = 0);

    std::size_t position() const { return pos_; }
    // Throws cb::Error naming the current byte offset.
    [[noreturn]] void fail(const std::string& what) const;

private:
    std::uint64_t readVarint();
    std::uint8_t readRawByte();

    std::span<const std::uint8_t> bytes_;
    std::size_t pos_ = 0;
    std::vector<std::int16_t> lastFieldIds_{0};
};

// Compact-protocol writer for the structs above (and for tests that need hand-made Thrift).
class CompactWriter {
public:
    void beginStruct();
    void endStruct();  // writes the stop byte
    void fieldHeader(std::int16_t id, std::uint8_t type);
    void fieldBool(std::int16_t id, bool value);
    void fieldI32(std::int16_t id, std::int32_t value);
    void fieldI64(std::int16_t id, std::int64_t value);
    void fieldBinary(std::int16_t id, std::string_view value);
    void fieldStruct(std::int16_t id) { fieldHeader(id, thrift_type::kStruct); beginStruct(); }
    void fieldList(std::int16_t id, std::uint8_t elementType, std::size_t size);

    void listHeader(std::uint8_t elementType, std::size_t size);
    void writeVarint(std::uint64_t value);
    void writeZigzag(std::int64_t value);
    void writeBinary(std::string_view value);
    void writeRaw(std::uint8_t byte) { bytes_.push_back(byte); }

    const std::vector<std::uint8_t>& bytes() const { return bytes_; }

private:
    std::vector<std::uint8_t> bytes_;
    std::vector<std::int16_t> lastFieldIds_{0};
};

FileMetaData decodeFileMetaData(std::span<const std::uint8_t> bytes);
// Decodes the header at the start of `bytes`; `consumed` receives its encoded length.
PageHeader decodePageHeader(std::span<const std::uint8_t> bytes, std::size_t& consumed);

std::vector<std::uint8_t> encodeFileMetaData(const FileMetaData& meta);
std::vector<std::uint8_t> encodePageHeader(const PageHeader& header);

}  // namespace cb
