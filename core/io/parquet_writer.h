#pragma once

#include "core/io/compression.h"
#include "core/io/parquet_reader.h"
#include "core/io/parquet_thrift.h"

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace cb {

enum class ParquetKind {
    Boolean,          // ints, 0/1
    Int64,            // ints
    Float,            // reals, stored as float32
    Double,           // reals
    String,           // stringIds into strings
    TimestampMicros,  // ints, microseconds since the epoch, timestamp[us] without a time zone
    StringList        // listOffsets + stringIds: a list<string> column (MEDS parent_codes)
};

struct ParquetColumnSpec {
    std::string name;
    ParquetKind kind = ParquetKind::Int64;
    bool nullable = false;
    bool dictionary = false;  // String only: a dictionary page per chunk and RLE_DICTIONARY indices
};

struct ParquetWriteOptions {
    Codec codec = Codec::Zstd;
    bool dataPageV2 = false;
    std::size_t maxPageRows = 64 * 1024;  // a row group's column chunk is split into pages of this many rows
    std::vector<KeyValue> metadata;       // footer key/value pairs
};

// Writes a Parquet file of flat columns (plus list<string>) one row group at a time. The file is written
// under a temporary sibling name and renamed into place by finish(), so an exception or a writer
// dropped without finish() never leaves a half-written file behind.
class ParquetWriter {
public:
    ParquetWriter(std::string path, std::vector<ParquetColumnSpec> columns, ParquetWriteOptions options = {});
    ~ParquetWriter();
    ParquetWriter(const ParquetWriter&) = delete;
    ParquetWriter& operator=(const ParquetWriter&) = delete;

    // One ParquetColumnData per column spec, in order, all with the same number of rows. `valid` may be
    // empty when every row is present.
    void writeRowGroup(const std::vector<ParquetColumnData>& columns);
    void finish();

private:
    ColumnChunk writeChunk(const ParquetColumnSpec& spec, const ParquetColumnData& data, std::size_t rows,
                           std::int64_t& uncompressedBytes);
    void writePage(PageHeader header, const std::vector<std::uint8_t>& uncompressedBody,
                   const std::vector<std::uint8_t>& levelPrefix, std::int64_t& compressed, std::int64_t& uncompressed);
    void writeBytes(const std::vector<std::uint8_t>& bytes);

    std::string path_;
    std::string tempPath_;
    std::vector<ParquetColumnSpec> columns_;
    ParquetWriteOptions options_;
    std::ofstream out_;
    std::uint64_t offset_ = 0;
    FileMetaData meta_;
    bool finished_ = false;
};

}  // namespace cb
