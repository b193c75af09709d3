#include "core/io/parquet_writer.h"

#include "core/common/error.h"
#include "core/io/rle_bitpacked.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace cb {
namespace {

constexpr std::uint32_t kUnassigned = 0xffffffffu;

PhysicalType physicalType(ParquetKind kind) {
    switch (kind) {
        case ParquetKind::Boolean: return PhysicalType::Boolean;
        case ParquetKind::Float: return PhysicalType::Float;
        case ParquetKind::Double: return PhysicalType::Double;
        case ParquetKind::String:
        case ParquetKind::StringList: return PhysicalType::ByteArray;
        default: return PhysicalType::Int64;
    }
}

bool isList(const ParquetColumnSpec& spec) { return spec.kind == ParquetKind::StringList; }
bool isStringValued(const ParquetColumnSpec& spec) { return spec.kind == ParquetKind::String || isList(spec); }

void appendSchema(std::vector<SchemaElement>& schema, const ParquetColumnSpec& spec) {
    const auto repetition = spec.nullable ? Repetition::Optional : Repetition::Required;
    if (isList(spec)) {
        // The three-level list layout the format specification prescribes: an annotated group, a
        // repeated group "list" and the element.
        SchemaElement outer;
        outer.name = spec.name;
        outer.repetition = repetition;
        outer.numChildren = 1;
        outer.convertedType = converted_type::kList;
        outer.logicalList = true;
        SchemaElement middle;
        middle.name = "list";
        middle.repetition = Repetition::Repeated;
        middle.numChildren = 1;
        SchemaElement element;
        element.name = "element";
        element.type = PhysicalType::ByteArray;
        element.repetition = Repetition::Optional;
        element.convertedType = converted_type::kUtf8;
        element.logicalString = true;
        schema.push_back(outer);
        schema.push_back(middle);
        schema.push_back(element);
        return;
    }
    SchemaElement leaf;
    leaf.name = spec.name;
    leaf.type = physicalType(spec.kind);
    leaf.repetition = repetition;
    if (spec.kind == ParquetKind::String) {
        leaf.convertedType = converted_type::kUtf8;
        leaf.logicalString = true;
    }
    if (spec.kind == ParquetKind::TimestampMicros) leaf.logicalTimestamp = TimeUnit::Micros;  // MEDS: no time zone
    schema.push_back(leaf);
}

std::size_t rowCount(const ParquetColumnSpec& spec, const ParquetColumnData& data) {
    if (isList(spec)) return data.listOffsets.empty() ? 0 : data.listOffsets.size() - 1;
    switch (spec.kind) {
        case ParquetKind::Float:
        case ParquetKind::Double: return data.reals.size();
        case ParquetKind::String: return data.stringIds.size();
        default: return data.ints.size();
    }
}

void appendU32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

template <typename T>
void appendRaw(std::vector<std::uint8_t>& out, T value) {
    std::uint8_t bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.insert(out.end(), bytes, bytes + sizeof(T));
}

void appendString(std::vector<std::uint8_t>& out, const std::string& s) {
    appendU32(out, static_cast<std::uint32_t>(s.size()));
    out.insert(out.end(), s.begin(), s.end());
}

// Levels and the present values of a run of rows, before encoding.
struct PageContent {
    std::vector<std::uint32_t> repetition;
    std::vector<std::uint32_t> definition;
    std::vector<std::size_t> presentRows;     // flat columns: rows holding a value
    std::vector<std::uint32_t> presentIds;    // string-valued columns: the string ids in order
    std::size_t levelCount = 0;
    std::size_t nulls = 0;
};

PageContent collect(const ParquetColumnSpec& spec, const ParquetColumnData& data, std::size_t begin, std::size_t end) {
    PageContent page;
    const std::uint32_t present = spec.nullable ? 1u : 0u;
    for (std::size_t row = begin; row < end; ++row) {
        const bool valid = data.isValid(row);
        if (!isList(spec)) {
            ++page.levelCount;
            if (spec.nullable) page.definition.push_back(valid ? 1u : 0u);
            if (!valid) {
                ++page.nulls;
                continue;
            }
            page.presentRows.push_back(row);
            if (spec.kind == ParquetKind::String) page.presentIds.push_back(data.stringIds[row]);
            continue;
        }
        const std::uint64_t first = data.listOffsets[row];
        const std::uint64_t last = data.listOffsets[row + 1];
        if (!valid || first == last) {
            ++page.levelCount;
            ++page.nulls;
            page.repetition.push_back(0);
            page.definition.push_back(valid ? present : 0u);
            continue;
        }
        for (std::uint64_t e = first; e < last; ++e) {
            ++page.levelCount;
            page.repetition.push_back(e == first ? 0u : 1u);
            page.definition.push_back(present + 2);  // the list is there, and so is the element
            page.presentIds.push_back(data.stringIds[e]);
        }
    }
    return page;
}

std::vector<std::uint8_t> encodeLevels(const std::vector<std::uint32_t>& levels, std::uint32_t maxLevel) {
    std::vector<std::uint8_t> out;
    appendRleBitPacked(out, levels, bitWidthFor(maxLevel));
    return out;
}

}  // namespace

ParquetWriter::ParquetWriter(std::string path, std::vector<ParquetColumnSpec> columns, ParquetWriteOptions options)
    : path_(std::move(path)), columns_(std::move(columns)), options_(std::move(options)) {
    if (columns_.empty()) throw Error(path_ + ": a Parquet file needs at least one column");
    if (options_.maxPageRows == 0) options_.maxPageRows = 1;
    SchemaElement root;
    root.name = "schema";
    root.numChildren = static_cast<std::int32_t>(columns_.size());
    meta_.schema.push_back(root);
    for (const auto& spec : columns_) appendSchema(meta_.schema, spec);
    meta_.version = 2;
    meta_.createdBy = "ContextBench parquet writer";
    meta_.keyValueMetadata = options_.metadata;

    tempPath_ = path_ + ".tmp-" + std::to_string(::getpid());
    out_.open(tempPath_, std::ios::binary | std::ios::trunc);
    if (!out_) throw Error("cannot write '" + tempPath_ + "'");
    writeBytes({'P', 'A', 'R', '1'});
}

ParquetWriter::~ParquetWriter() {
    if (finished_) return;
    out_.close();
    std::error_code ignored;
    std::filesystem::remove(tempPath_, ignored);
}

void ParquetWriter::writeBytes(const std::vector<std::uint8_t>& bytes) {
    out_.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out_) throw Error(path_ + ": write failed (disk full?)");
    offset_ += bytes.size();
}

void ParquetWriter::writeRowGroup(const std::vector<ParquetColumnData>& columns) {
    if (finished_) throw Error(path_ + ": row group written after finish()");
    if (columns.size() != columns_.size())
        throw Error(path_ + ": row group has " + std::to_string(columns.size()) + " columns, the schema " +
                    std::to_string(columns_.size()));
    const std::size_t rows = rowCount(columns_[0], columns[0]);
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const auto& spec = columns_[c];
        const auto& data = columns[c];
        const std::string where = path_ + ": row group " + std::to_string(meta_.rowGroups.size()) + ", column '" +
                                  spec.name + "'";
        if (rowCount(spec, data) != rows)
            throw Error(where + ": has " + std::to_string(rowCount(spec, data)) + " rows, the first column " +
                        std::to_string(rows));
        if (!data.valid.empty() && data.valid.size() != rows) throw Error(where + ": validity mask has the wrong length");
        for (std::size_t r = 0; r < rows; ++r) {
            if (!data.isValid(r)) {
                if (!spec.nullable) throw Error(where + ": row " + std::to_string(r) + " is null in a non-nullable column");
                continue;
            }
            if (spec.kind == ParquetKind::String && data.stringIds[r] >= data.strings.size())
                throw Error(where + ": row " + std::to_string(r) + " has no string");
        }
        if (isList(spec)) {
            for (std::size_t r = 0; r < rows; ++r)
                if (data.listOffsets[r] > data.listOffsets[r + 1]) throw Error(where + ": list offsets decrease");
            for (std::size_t e = 0; e < data.listOffsets.back(); ++e)
                if (e >= data.stringIds.size() || data.stringIds[e] >= data.strings.size())
                    throw Error(where + ": list element " + std::to_string(e) + " has no string");
        }
    }
    RowGroup group;
    group.numRows = static_cast<std::int64_t>(rows);
    for (std::size_t c = 0; c < columns.size(); ++c)
        group.columns.push_back(writeChunk(columns_[c], columns[c], rows, group.totalByteSize));
    meta_.rowGroups.push_back(std::move(group));
    meta_.numRows += static_cast<std::int64_t>(rows);
}

void ParquetWriter::writePage(PageHeader header, const std::vector<std::uint8_t>& uncompressedBody,
                              const std::vector<std::uint8_t>& levelPrefix, std::int64_t& compressed,
                              std::int64_t& uncompressed) {
    // Data page v2 keeps its levels outside the compressed block, and may leave the values raw.
    const bool compressValues = !header.dataPageV2 || header.dataPageV2->isCompressed;
    const auto body = compressValues ? compress(options_.codec, uncompressedBody) : uncompressedBody;
    header.uncompressedPageSize = static_cast<std::int32_t>(levelPrefix.size() + uncompressedBody.size());
    header.compressedPageSize = static_cast<std::int32_t>(levelPrefix.size() + body.size());
    const auto headerBytes = encodePageHeader(header);
    writeBytes(headerBytes);
    writeBytes(levelPrefix);
    writeBytes(body);
    compressed += static_cast<std::int64_t>(headerBytes.size()) + header.compressedPageSize;
    uncompressed += static_cast<std::int64_t>(headerBytes.size()) + header.uncompressedPageSize;
}

ColumnChunk ParquetWriter::writeChunk(const ParquetColumnSpec& spec, const ParquetColumnData& data, std::size_t rows,
                                      std::int64_t& uncompressedBytes) {
    ColumnMetaData m;
    m.type = physicalType(spec.kind);
    m.pathInSchema = isList(spec) ? std::vector<std::string>{spec.name, "list", "element"}
                                  : std::vector<std::string>{spec.name};
    m.codec = static_cast<std::int32_t>(options_.codec);
    const std::uint32_t maxDefinition = (spec.nullable ? 1u : 0u) + (isList(spec) ? 2u : 0u);
    const std::uint32_t maxRepetition = isList(spec) ? 1u : 0u;
    const bool dictionary = spec.dictionary && isStringValued(spec);
    ColumnChunk chunk;
    chunk.fileOffset = static_cast<std::int64_t>(offset_);

    // Dictionary entries in order of first use, so a row group stores only the strings it needs.
    std::vector<std::uint32_t> dictIndex;
    if (dictionary) {
        dictIndex.assign(data.strings.size(), kUnassigned);
        std::vector<std::uint8_t> body;
        std::int32_t entries = 0;
        const auto page = collect(spec, data, 0, rows);
        for (const auto id : page.presentIds) {
            if (dictIndex[id] != kUnassigned) continue;
            dictIndex[id] = static_cast<std::uint32_t>(entries++);
            appendString(body, data.strings[id]);
        }
        PageHeader header;
        header.type = page_type::kDictionary;
        header.dictionaryPage = DictionaryPageHeader{entries, encoding::kPlain};
        m.dictionaryPageOffset = static_cast<std::int64_t>(offset_);
        writePage(header, body, {}, m.totalCompressedSize, m.totalUncompressedSize);
        m.encodings = {encoding::kPlain, encoding::kRle, encoding::kRleDictionary};
    } else {
        m.encodings = {encoding::kPlain, encoding::kRle};
    }
    const auto dictSize = static_cast<std::uint32_t>(
        std::count_if(dictIndex.begin(), dictIndex.end(), [](std::uint32_t i) { return i != kUnassigned; }));

    m.dataPageOffset = static_cast<std::int64_t>(offset_);
    for (std::size_t begin = 0; begin < rows || (rows == 0 && begin == 0); begin += options_.maxPageRows) {
        const std::size_t end = std::min(rows, begin + options_.maxPageRows);
        const PageContent page = collect(spec, data, begin, end);

        std::vector<std::uint8_t> values;
        if (dictionary) {
            std::vector<std::uint32_t> indices;
            indices.reserve(page.presentIds.size());
            for (const auto id : page.presentIds) indices.push_back(dictIndex[id]);
            const int width = std::max(1, bitWidthFor(dictSize > 0 ? dictSize - 1 : 0));
            values.push_back(static_cast<std::uint8_t>(width));
            appendRleBitPacked(values, indices, width);
        } else if (isStringValued(spec)) {
            for (const auto id : page.presentIds) appendString(values, data.strings[id]);
        } else if (spec.kind == ParquetKind::Boolean) {
            values.assign((page.presentRows.size() + 7) / 8, 0);
            for (std::size_t k = 0; k < page.presentRows.size(); ++k)
                if (data.ints[page.presentRows[k]]) values[k / 8] |= static_cast<std::uint8_t>(1u << (k % 8));
        } else {
            for (const auto row : page.presentRows) {
                if (spec.kind == ParquetKind::Float) appendRaw(values, static_cast<float>(data.reals[row]));
                else if (spec.kind == ParquetKind::Double) appendRaw(values, data.reals[row]);
                else appendRaw(values, data.ints[row]);
            }
        }

        const auto repLevels = maxRepetition > 0 ? encodeLevels(page.repetition, maxRepetition) : std::vector<std::uint8_t>{};
        const auto defLevels = maxDefinition > 0 ? encodeLevels(page.definition, maxDefinition) : std::vector<std::uint8_t>{};
        const std::int32_t valueEncoding = dictionary ? encoding::kRleDictionary : encoding::kPlain;
        PageHeader header;
        if (options_.dataPageV2) {
            header.type = page_type::kDataV2;
            DataPageHeaderV2 v2;
            v2.numValues = static_cast<std::int32_t>(page.levelCount);
            v2.numNulls = static_cast<std::int32_t>(page.nulls);
            v2.numRows = static_cast<std::int32_t>(end - begin);
            v2.encoding = valueEncoding;
            v2.definitionLevelsByteLength = static_cast<std::int32_t>(defLevels.size());
            v2.repetitionLevelsByteLength = static_cast<std::int32_t>(repLevels.size());
            v2.isCompressed = options_.codec != Codec::Uncompressed;
            header.dataPageV2 = v2;
            std::vector<std::uint8_t> levels = repLevels;
            levels.insert(levels.end(), defLevels.begin(), defLevels.end());
            writePage(header, values, levels, m.totalCompressedSize, m.totalUncompressedSize);
        } else {
            header.type = page_type::kData;
            header.dataPage = DataPageHeader{static_cast<std::int32_t>(page.levelCount), valueEncoding, encoding::kRle,
                                             encoding::kRle};
            // Version 1 pages carry each level block behind a 4-byte length, inside the compressed body.
            std::vector<std::uint8_t> body;
            if (maxRepetition > 0) {
                appendU32(body, static_cast<std::uint32_t>(repLevels.size()));
                body.insert(body.end(), repLevels.begin(), repLevels.end());
            }
            if (maxDefinition > 0) {
                appendU32(body, static_cast<std::uint32_t>(defLevels.size()));
                body.insert(body.end(), defLevels.begin(), defLevels.end());
            }
            body.insert(body.end(), values.begin(), values.end());
            writePage(header, body, {}, m.totalCompressedSize, m.totalUncompressedSize);
        }
        m.numValues += static_cast<std::int64_t>(page.levelCount);
        if (rows == 0) break;
    }
    uncompressedBytes += m.totalUncompressedSize;
    chunk.metaData = std::move(m);
    return chunk;
}

void ParquetWriter::finish() {
    if (finished_) return;
    const auto footer = encodeFileMetaData(meta_);
    writeBytes(footer);
    std::vector<std::uint8_t> tail(8);
    const auto footerLength = static_cast<std::uint32_t>(footer.size());
    std::memcpy(tail.data(), &footerLength, 4);
    std::memcpy(tail.data() + 4, "PAR1", 4);
    writeBytes(tail);
    out_.close();
    if (!out_) throw Error(path_ + ": closing the file failed");
    std::error_code error;
    std::filesystem::rename(tempPath_, path_, error);
    if (error) throw Error(path_ + ": cannot move the finished file into place (" + error.message() + ")");
    finished_ = true;
}

}  // namespace cb
