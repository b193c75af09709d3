#include "core/io/parquet_thrift.h"

#include "core/common/error.h"

#include <cstring>

namespace cb {

const char* toString(PhysicalType type) {
    switch (type) {
        case PhysicalType::Boolean: return "BOOLEAN";
        case PhysicalType::Int32: return "INT32";
        case PhysicalType::Int64: return "INT64";
        case PhysicalType::Int96: return "INT96";
        case PhysicalType::Float: return "FLOAT";
        case PhysicalType::Double: return "DOUBLE";
        case PhysicalType::ByteArray: return "BYTE_ARRAY";
        case PhysicalType::FixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY";
    }
    return "?";
}

// ---- compact reader ------------------------------------------------------------------------------

void CompactReader::fail(const std::string& what) const {
    throw Error("Thrift metadata at byte " + std::to_string(pos_) + ": " + what);
}

std::uint8_t CompactReader::readRawByte() {
    if (pos_ >= bytes_.size()) fail("unexpected end of data");
    return bytes_[pos_++];
}

std::uint64_t CompactReader::readVarint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        const std::uint8_t byte = readRawByte();
        value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80)) return value;
    }
    fail("varint longer than 10 bytes");
}

void CompactReader::beginStruct() {
    // Structs nest only a few levels in Parquet metadata; a deep stack means hostile input.
    if (lastFieldIds_.size() > 64) fail("structs nested too deeply");
    lastFieldIds_.push_back(0);
}

void CompactReader::endStruct() {
    if (lastFieldIds_.size() > 1) lastFieldIds_.pop_back();
}

CompactReader::FieldHeader CompactReader::readFieldHeader() {
    const std::uint8_t byte = readRawByte();
    FieldHeader header;
    header.type = byte & 0x0f;
    if (header.type == thrift_type::kStop) return header;
    const int delta = byte >> 4;
    header.id = delta != 0 ? static_cast<std::int16_t>(lastFieldIds_.back() + delta) : readI16();
    lastFieldIds_.back() = header.id;
    return header;
}

CompactReader::ListHeader CompactReader::readListHeader() {
    const std::uint8_t byte = readRawByte();
    ListHeader header;
    header.elementType = byte & 0x0f;
    header.size = byte >> 4;
    if (header.size == 15) header.size = readVarint();
    // Every element takes at least one byte, so a longer list cannot be genuine.
    if (header.size > bytes_.size() - pos_)
        fail("list of " + std::to_string(header.size) + " elements is longer than the " +
             std::to_string(bytes_.size() - pos_) + " bytes left");
    return header;
}

bool CompactReader::readBool(std::uint8_t fieldType) {
    if (fieldType == thrift_type::kBoolTrue) return true;
    if (fieldType == thrift_type::kBoolFalse) return false;
    fail("field of type " + std::to_string(fieldType) + " where a bool was expected");
}

bool CompactReader::readBoolElement() { return readRawByte() == 1; }

std::int8_t CompactReader::readByte() { return static_cast<std::int8_t>(readRawByte()); }

std::int16_t CompactReader::readI16() {
    const std::int64_t v = readI64();
    if (v < INT16_MIN || v > INT16_MAX) fail("i16 out of range");
    return static_cast<std::int16_t>(v);
}

std::int32_t CompactReader::readI32() {
    const std::int64_t v = readI64();
    if (v < INT32_MIN || v > INT32_MAX) fail("i32 out of range");
    return static_cast<std::int32_t>(v);
}

std::int64_t CompactReader::readI64() {
    const std::uint64_t raw = readVarint();
    return static_cast<std::int64_t>(raw >> 1) ^ -static_cast<std::int64_t>(raw & 1);
}

double CompactReader::readDouble() {
    if (bytes_.size() - pos_ < 8) fail("unexpected end of data inside a double");
    double v = 0;
    std::memcpy(&v, bytes_.data() + pos_, 8);
    pos_ += 8;
    return v;
}

std::string CompactReader::readBinary() {
    const std::uint64_t length = readVarint();
    if (length > bytes_.size() - pos_)
        fail("string of " + std::to_string(length) + " bytes runs past the end (" +
             std::to_string(bytes_.size() - pos_) + " left)");
    std::string out(reinterpret_cast<const char*>(bytes_.data() + pos_), length);
    pos_ += length;
    return out;
}

void CompactReader::skip(std::uint8_t type, int depth) {
    if (depth > 64) fail("values nested too deeply");
    auto skipElement = [&](std::uint8_t elementType) {
        // Outside a field header a bool is a whole byte.
        if (elementType == thrift_type::kBoolTrue || elementType == thrift_type::kBoolFalse)
            readRawByte();
        else
            skip(elementType, depth + 1);
    };
    switch (type) {
        case thrift_type::kBoolTrue:
        case thrift_type::kBoolFalse: return;
        case thrift_type::kByte: readRawByte(); return;
        case thrift_type::kI16:
        case thrift_type::kI32:
        case thrift_type::kI64: readVarint(); return;
        case thrift_type::kDouble: readDouble(); return;
        case thrift_type::kBinary: {
            const std::uint64_t length = readVarint();
            if (length > bytes_.size() - pos_) fail("binary value runs past the end");
            pos_ += length;
            return;
        }
        case thrift_type::kList:
        case thrift_type::kSet: {
            const auto header = readListHeader();
            for (std::size_t i = 0; i < header.size; ++i) skipElement(header.elementType);
            return;
        }
        case thrift_type::kMap: {
            const std::uint64_t size = readVarint();
            if (size == 0) return;
            if (size > bytes_.size() - pos_) fail("map of " + std::to_string(size) + " entries runs past the end");
            const std::uint8_t kinds = readRawByte();
            for (std::uint64_t i = 0; i < size; ++i) {
                skipElement(kinds >> 4);
                skipElement(kinds & 0x0f);
            }
            return;
        }
        case thrift_type::kStruct: {
            beginStruct();
            for (;;) {
                const auto field = readFieldHeader();
                if (field.type == thrift_type::kStop) break;
                skip(field.type, depth + 1);
            }
            endStruct();
            return;
        }
        default: fail("unknown compact type " + std::to_string(type));
    }
}

// ---- Parquet structs: decoding -------------------------------------------------------------------

namespace {

using Field = CompactReader::FieldHeader;

template <typename OnField>
void readStruct(CompactReader& r, OnField&& onField) {
    r.beginStruct();
    for (;;) {
        const Field field = r.readFieldHeader();
        if (field.type == thrift_type::kStop) break;
        onField(field);
    }
    r.endStruct();
}

void expectType(CompactReader& r, const Field& field, std::uint8_t type, const char* what) {
    if (field.type != type)
        r.fail(std::string(what) + " has compact type " + std::to_string(field.type) + ", expected " +
               std::to_string(type));
}

std::int32_t readI32Field(CompactReader& r, const Field& field, const char* what) {
    expectType(r, field, thrift_type::kI32, what);
    return r.readI32();
}

std::int64_t readI64Field(CompactReader& r, const Field& field, const char* what) {
    expectType(r, field, thrift_type::kI64, what);
    return r.readI64();
}

std::string readStringField(CompactReader& r, const Field& field, const char* what) {
    expectType(r, field, thrift_type::kBinary, what);
    return r.readBinary();
}

template <typename ReadElement>
void readListField(CompactReader& r, const Field& field, std::uint8_t elementType, const char* what,
                   ReadElement&& readElement) {
    expectType(r, field, thrift_type::kList, what);
    const auto header = r.readListHeader();
    if (header.size > 0 && header.elementType != elementType)
        r.fail(std::string(what) + " holds elements of compact type " + std::to_string(header.elementType));
    for (std::size_t i = 0; i < header.size; ++i) readElement();
}

// Required fields are tracked as bits of their ids and checked when the struct ends.
void requireFields(CompactReader& r, std::uint32_t seen, std::uint32_t required, const char* structName) {
    const std::uint32_t missing = required & ~seen;
    if (missing == 0) return;
    int id = 0;
    while (!(missing & (1u << id))) ++id;
    r.fail(std::string(structName) + " lacks required field " + std::to_string(id));
}

std::uint32_t bit(std::int16_t id) { return id >= 0 && id < 32 ? (1u << id) : 0u; }

void readTimestampType(CompactReader& r, SchemaElement& e) {
    readStruct(r, [&](const Field& f) {
        if (f.id == 1) {
            e.adjustedToUtc = r.readBool(f.type);
        } else if (f.id == 2) {
            expectType(r, f, thrift_type::kStruct, "TimestampType.unit");
            readStruct(r, [&](const Field& unit) {
                if (unit.id == 1) e.logicalTimestamp = TimeUnit::Millis;
                if (unit.id == 2) e.logicalTimestamp = TimeUnit::Micros;
                if (unit.id == 3) e.logicalTimestamp = TimeUnit::Nanos;
                r.skip(unit.type);
            });
        } else {
            r.skip(f.type);
        }
    });
}

void readLogicalType(CompactReader& r, SchemaElement& e) {
    readStruct(r, [&](const Field& f) {
        if (f.id == 1) e.logicalString = true;
        if (f.id == 3) e.logicalList = true;
        if (f.id == 8 && f.type == thrift_type::kStruct)
            readTimestampType(r, e);
        else
            r.skip(f.type);
    });
}

SchemaElement readSchemaElement(CompactReader& r) {
    SchemaElement e;
    std::uint32_t seen = 0;
    readStruct(r, [&](const Field& f) {
        seen |= bit(f.id);
        switch (f.id) {
            case 1: {
                const auto type = readI32Field(r, f, "SchemaElement.type");
                if (type < 0 || type > 7) r.fail("unknown physical type " + std::to_string(type));
                e.type = static_cast<PhysicalType>(type);
                break;
            }
            case 3: {
                const auto rep = readI32Field(r, f, "SchemaElement.repetition_type");
                if (rep < 0 || rep > 2) r.fail("unknown repetition type " + std::to_string(rep));
                e.repetition = static_cast<Repetition>(rep);
                break;
            }
            case 4: e.name = readStringField(r, f, "SchemaElement.name"); break;
            case 5: e.numChildren = readI32Field(r, f, "SchemaElement.num_children"); break;
            case 6: e.convertedType = readI32Field(r, f, "SchemaElement.converted_type"); break;
            case 10:
                expectType(r, f, thrift_type::kStruct, "SchemaElement.logicalType");
                readLogicalType(r, e);
                break;
            default: r.skip(f.type);
        }
    });
    requireFields(r, seen, bit(4), "SchemaElement");
    if (e.numChildren < 0) r.fail("negative num_children in schema element '" + e.name + "'");
    return e;
}

KeyValue readKeyValue(CompactReader& r) {
    KeyValue kv;
    std::uint32_t seen = 0;
    readStruct(r, [&](const Field& f) {
        seen |= bit(f.id);
        if (f.id == 1) kv.key = readStringField(r, f, "KeyValue.key");
        else if (f.id == 2) kv.value = readStringField(r, f, "KeyValue.value");
        else r.skip(f.type);
    });
    requireFields(r, seen, bit(1), "KeyValue");
    return kv;
}

ColumnMetaData readColumnMetaData(CompactReader& r) {
    ColumnMetaData m;
    std::uint32_t seen = 0;
    readStruct(r, [&](const Field& f) {
        seen |= bit(f.id);
        switch (f.id) {
            case 1: {
                const auto type = readI32Field(r, f, "ColumnMetaData.type");
                if (type < 0 || type > 7) r.fail("unknown physical type " + std::to_string(type));
                m.type = static_cast<PhysicalType>(type);
                break;
            }
            case 2:
                readListField(r, f, thrift_type::kI32, "ColumnMetaData.encodings",
                              [&] { m.encodings.push_back(r.readI32()); });
                break;
            case 3:
                readListField(r, f, thrift_type::kBinary, "ColumnMetaData.path_in_schema",
                              [&] { m.pathInSchema.push_back(r.readBinary()); });
                break;
            case 4: m.codec = readI32Field(r, f, "ColumnMetaData.codec"); break;
            case 5: m.numValues = readI64Field(r, f, "ColumnMetaData.num_values"); break;
            case 6: m.totalUncompressedSize = readI64Field(r, f, "ColumnMetaData.total_uncompressed_size"); break;
            case 7: m.totalCompressedSize = readI64Field(r, f, "ColumnMetaData.total_compressed_size"); break;
            case 9: m.dataPageOffset = readI64Field(r, f, "ColumnMetaData.data_page_offset"); break;
            case 11: m.dictionaryPageOffset = readI64Field(r, f, "ColumnMetaData.dictionary_page_offset"); break;
            default: r.skip(f.type);
        }
    });
    requireFields(r, seen, bit(1) | bit(2) | bit(3) | bit(4) | bit(5) | bit(6) | bit(7) | bit(9), "ColumnMetaData");
    return m;
}

ColumnChunk readColumnChunk(CompactReader& r) {
    ColumnChunk c;
    readStruct(r, [&](const Field& f) {
        switch (f.id) {
            case 1: c.filePath = readStringField(r, f, "ColumnChunk.file_path"); break;
            case 2: c.fileOffset = readI64Field(r, f, "ColumnChunk.file_offset"); break;
            case 3:
                expectType(r, f, thrift_type::kStruct, "ColumnChunk.meta_data");
                c.metaData = readColumnMetaData(r);
                break;
            default: r.skip(f.type);
        }
    });
    return c;
}

RowGroup readRowGroup(CompactReader& r) {
    RowGroup g;
    std::uint32_t seen = 0;
    readStruct(r, [&](const Field& f) {
        seen |= bit(f.id);
        switch (f.id) {
            case 1:
                readListField(r, f, thrift_type::kStruct, "RowGroup.columns",
                              [&] { g.columns.push_back(readColumnChunk(r)); });
                break;
            case 2: g.totalByteSize = readI64Field(r, f, "RowGroup.total_byte_size"); break;
            case 3: g.numRows = readI64Field(r, f, "RowGroup.num_rows"); break;
            default: r.skip(f.type);
        }
    });
    requireFields(r, seen, bit(1) | bit(3), "RowGroup");
    if (g.numRows < 0) r.fail("negative row count in a row group");
    return g;
}

}  // namespace

FileMetaData decodeFileMetaData(std::span<const std::uint8_t> bytes) {
    CompactReader r(bytes);
    FileMetaData meta;
    std::uint32_t seen = 0;
    readStruct(r, [&](const Field& f) {
        seen |= bit(f.id);
        switch (f.id) {
            case 1: meta.version = readI32Field(r, f, "FileMetaData.version"); break;
            case 2:
                readListField(r, f, thrift_type::kStruct, "FileMetaData.schema",
                              [&] { meta.schema.push_back(readSchemaElement(r)); });
                break;
            case 3: meta.numRows = readI64Field(r, f, "FileMetaData.num_rows"); break;
            case 4:
                readListField(r, f, thrift_type::kStruct, "FileMetaData.row_groups",
                              [&] { meta.rowGroups.push_back(readRowGroup(r)); });
                break;
            case 5:
                readListField(r, f, thrift_type::kStruct, "FileMetaData.key_value_metadata",
                              [&] { meta.keyValueMetadata.push_back(readKeyValue(r)); });
                break;
            case 6: meta.createdBy = readStringField(r, f, "FileMetaData.created_by"); break;
            default: r.skip(f.type);
        }
    });
    requireFields(r, seen, bit(2) | bit(3) | bit(4), "FileMetaData");
    if (meta.schema.empty()) r.fail("FileMetaData has an empty schema");
    return meta;
}

PageHeader decodePageHeader(std::span<const std::uint8_t> bytes, std::size_t& consumed) {
    CompactReader r(bytes);
    PageHeader h;
    std::uint32_t seen = 0;
    readStruct(r, [&](const Field& f) {
        seen |= bit(f.id);
        switch (f.id) {
            case 1: h.type = readI32Field(r, f, "PageHeader.type"); break;
            case 2: h.uncompressedPageSize = readI32Field(r, f, "PageHeader.uncompressed_page_size"); break;
            case 3: h.compressedPageSize = readI32Field(r, f, "PageHeader.compressed_page_size"); break;
            case 5: {
                expectType(r, f, thrift_type::kStruct, "PageHeader.data_page_header");
                DataPageHeader d;
                readStruct(r, [&](const Field& g) {
                    if (g.id == 1) d.numValues = readI32Field(r, g, "DataPageHeader.num_values");
                    else if (g.id == 2) d.encoding = readI32Field(r, g, "DataPageHeader.encoding");
                    else if (g.id == 3) d.definitionLevelEncoding = readI32Field(r, g, "DataPageHeader.definition_level_encoding");
                    else if (g.id == 4) d.repetitionLevelEncoding = readI32Field(r, g, "DataPageHeader.repetition_level_encoding");
                    else r.skip(g.type);
                });
                h.dataPage = d;
                break;
            }
            case 7: {
                expectType(r, f, thrift_type::kStruct, "PageHeader.dictionary_page_header");
                DictionaryPageHeader d;
                readStruct(r, [&](const Field& g) {
                    if (g.id == 1) d.numValues = readI32Field(r, g, "DictionaryPageHeader.num_values");
                    else if (g.id == 2) d.encoding = readI32Field(r, g, "DictionaryPageHeader.encoding");
                    else r.skip(g.type);
                });
                h.dictionaryPage = d;
                break;
            }
            case 8: {
                expectType(r, f, thrift_type::kStruct, "PageHeader.data_page_header_v2");
                DataPageHeaderV2 d;
                readStruct(r, [&](const Field& g) {
                    switch (g.id) {
                        case 1: d.numValues = readI32Field(r, g, "DataPageHeaderV2.num_values"); break;
                        case 2: d.numNulls = readI32Field(r, g, "DataPageHeaderV2.num_nulls"); break;
                        case 3: d.numRows = readI32Field(r, g, "DataPageHeaderV2.num_rows"); break;
                        case 4: d.encoding = readI32Field(r, g, "DataPageHeaderV2.encoding"); break;
                        case 5: d.definitionLevelsByteLength = readI32Field(r, g, "DataPageHeaderV2.definition_levels_byte_length"); break;
                        case 6: d.repetitionLevelsByteLength = readI32Field(r, g, "DataPageHeaderV2.repetition_levels_byte_length"); break;
                        case 7: d.isCompressed = r.readBool(g.type); break;
                        default: r.skip(g.type);
                    }
                });
                h.dataPageV2 = d;
                break;
            }
            default: r.skip(f.type);
        }
    });
    requireFields(r, seen, bit(1) | bit(2) | bit(3), "PageHeader");
    if (h.uncompressedPageSize < 0 || h.compressedPageSize < 0) r.fail("negative page size");
    consumed = r.position();
    return h;
}

}  // namespace cb
