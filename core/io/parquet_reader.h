#pragma once

#include "core/io/mapped_file.h"
#include "core/io/parquet_thrift.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cb {

// One leaf column of a Parquet schema.
struct ParquetColumnInfo {
    std::string name;  // dotted path: "code", "parent_codes.list.element"
    PhysicalType type = PhysicalType::Int64;
    TimeUnit timeUnit = TimeUnit::None;  // set for TIMESTAMP columns; values are read as microseconds
    bool isString = false;               // BYTE_ARRAY annotated STRING / UTF8
    bool nullable = false;
    int maxDefinitionLevel = 0;
    int maxRepetitionLevel = 0;
    // Anything but a top-level primitive (lists, structs): listed so callers can see it, not readable.
    bool nested = false;
    std::size_t chunkIndex = 0;  // position of its chunk in every row group
};

// Values of one flat column, one slot per row; which vector is filled depends on the physical type.
struct ParquetColumnData {
    static constexpr std::uint32_t kNullString = std::numeric_limits<std::uint32_t>::max();

    std::vector<std::uint8_t> valid;  // 1 = present, 0 = null; empty means "all present" (writer input only)
    std::vector<std::int64_t> ints;   // BOOLEAN (0/1), INT32, INT64; timestamps in microseconds; 0 where null
    std::vector<double> reals;        // FLOAT, DOUBLE; NaN where null
    // BYTE_ARRAY: each row's index into `strings` (kNullString where null), so repeated strings such as
    // MEDS codes cost 4 bytes a row and callers intern each distinct value once.
    std::vector<std::uint32_t> stringIds;
    std::vector<std::string> strings;
    // Writer input for list<string> columns only: row r holds elements [listOffsets[r], listOffsets[r+1])
    // of `stringIds`; a null row (valid 0) has an empty range.
    std::vector<std::uint64_t> listOffsets;

    std::size_t size() const { return valid.size(); }
    bool isValid(std::size_t row) const { return valid.empty() || valid[row] != 0; }
    const std::string& string(std::size_t row) const { return strings[stringIds[row]]; }
};

// A Parquet file mapped read-only. The footer is decoded once; columns are decoded on request, page by
// page, across row groups. Supported: codecs UNCOMPRESSED, SNAPPY, GZIP, ZSTD; PLAIN, PLAIN_DICTIONARY,
// RLE_DICTIONARY and RLE (booleans) values; data pages v1 and v2. Every error names the file, and where
// it applies the row group and column.
class ParquetFile {
public:
    explicit ParquetFile(const std::string& path);

    const std::string& path() const { return file_->path(); }
    std::int64_t numRows() const { return meta_.numRows; }
    std::size_t numRowGroups() const { return meta_.rowGroups.size(); }
    std::int64_t rowGroupRows(std::size_t rowGroup) const { return meta_.rowGroups.at(rowGroup).numRows; }
    const std::vector<ParquetColumnInfo>& columns() const { return columns_; }
    const ParquetColumnInfo* findColumn(std::string_view name) const;
    const std::vector<KeyValue>& keyValueMetadata() const { return meta_.keyValueMetadata; }
    const FileMetaData& metadata() const { return meta_; }

    // Every row of a flat column; throws cb::Error for unknown or nested columns.
    ParquetColumnData readColumn(std::string_view name) const;
    ParquetColumnData readColumn(std::string_view name, std::size_t rowGroup) const;

private:
    void buildColumns();
    const ParquetColumnInfo& flatColumn(std::string_view name) const;
    void readRowGroups(const ParquetColumnInfo& column, std::size_t first, std::size_t last,
                       ParquetColumnData& out) const;

    std::shared_ptr<MappedFile> file_;
    FileMetaData meta_;
    std::vector<ParquetColumnInfo> columns_;
};

}  // namespace cb
