#include "core/io/parquet_thrift.h"

// The encoding half of parquet_thrift.h: the compact writer and the structs ParquetWriter emits.

namespace cb {

// ---- compact writer ------------------------------------------------------------------------------

void CompactWriter::beginStruct() { lastFieldIds_.push_back(0); }

void CompactWriter::endStruct() {
    bytes_.push_back(thrift_type::kStop);
    if (lastFieldIds_.size() > 1) lastFieldIds_.pop_back();
}

void CompactWriter::writeVarint(std::uint64_t value) {
    do {
        std::uint8_t byte = value & 0x7f;
        value >>= 7;
        if (value) byte |= 0x80;
        bytes_.push_back(byte);
    } while (value);
}

void CompactWriter::writeZigzag(std::int64_t value) {
    writeVarint((static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63));
}

void CompactWriter::fieldHeader(std::int16_t id, std::uint8_t type) {
    const int delta = id - lastFieldIds_.back();
    if (delta > 0 && delta <= 15) {
        bytes_.push_back(static_cast<std::uint8_t>((delta << 4) | type));
    } else {
        bytes_.push_back(type);
        writeZigzag(id);
    }
    lastFieldIds_.back() = id;
}

void CompactWriter::fieldBool(std::int16_t id, bool value) {
    fieldHeader(id, value ? thrift_type::kBoolTrue : thrift_type::kBoolFalse);
}

void CompactWriter::fieldI32(std::int16_t id, std::int32_t value) {
    fieldHeader(id, thrift_type::kI32);
    writeZigzag(value);
}

void CompactWriter::fieldI64(std::int16_t id, std::int64_t value) {
    fieldHeader(id, thrift_type::kI64);
    writeZigzag(value);
}

void CompactWriter::writeBinary(std::string_view value) {
    writeVarint(value.size());
    bytes_.insert(bytes_.end(), value.begin(), value.end());
}

void CompactWriter::fieldBinary(std::int16_t id, std::string_view value) {
    fieldHeader(id, thrift_type::kBinary);
    writeBinary(value);
}

void CompactWriter::listHeader(std::uint8_t elementType, std::size_t size) {
    if (size < 15) {
        bytes_.push_back(static_cast<std::uint8_t>((size << 4) | elementType));
    } else {
        bytes_.push_back(static_cast<std::uint8_t>(0xf0 | elementType));
        writeVarint(size);
    }
}

void CompactWriter::fieldList(std::int16_t id, std::uint8_t elementType, std::size_t size) {
    fieldHeader(id, thrift_type::kList);
    listHeader(elementType, size);
}

// ---- Parquet structs: encoding -------------------------------------------------------------------

namespace {

void writeSchemaElement(CompactWriter& w, const SchemaElement& e) {
    w.beginStruct();
    if (e.type) w.fieldI32(1, static_cast<std::int32_t>(*e.type));
    if (e.repetition) w.fieldI32(3, static_cast<std::int32_t>(*e.repetition));
    w.fieldBinary(4, e.name);
    if (!e.type) w.fieldI32(5, e.numChildren);
    if (e.convertedType) w.fieldI32(6, *e.convertedType);
    if (e.logicalString || e.logicalList || e.logicalTimestamp != TimeUnit::None) {
        w.fieldStruct(10);
        if (e.logicalString) {
            w.fieldStruct(1);
            w.endStruct();
        } else if (e.logicalList) {
            w.fieldStruct(3);
            w.endStruct();
        } else {
            w.fieldStruct(8);
            w.fieldBool(1, e.adjustedToUtc);
            w.fieldStruct(2);
            w.fieldStruct(e.logicalTimestamp == TimeUnit::Millis ? 1 : e.logicalTimestamp == TimeUnit::Micros ? 2 : 3);
            w.endStruct();
            w.endStruct();
            w.endStruct();
        }
        w.endStruct();
    }
    w.endStruct();
}

void writeColumnChunk(CompactWriter& w, const ColumnChunk& c) {
    w.beginStruct();
    if (c.filePath) w.fieldBinary(1, *c.filePath);
    w.fieldI64(2, c.fileOffset);
    if (c.metaData) {
        const auto& m = *c.metaData;
        w.fieldStruct(3);
        w.fieldI32(1, static_cast<std::int32_t>(m.type));
        w.fieldList(2, thrift_type::kI32, m.encodings.size());
        for (auto e : m.encodings) w.writeZigzag(e);
        w.fieldList(3, thrift_type::kBinary, m.pathInSchema.size());
        for (const auto& p : m.pathInSchema) w.writeBinary(p);
        w.fieldI32(4, m.codec);
        w.fieldI64(5, m.numValues);
        w.fieldI64(6, m.totalUncompressedSize);
        w.fieldI64(7, m.totalCompressedSize);
        w.fieldI64(9, m.dataPageOffset);
        if (m.dictionaryPageOffset) w.fieldI64(11, *m.dictionaryPageOffset);
        w.endStruct();
    }
    w.endStruct();
}

}  // namespace

std::vector<std::uint8_t> encodeFileMetaData(const FileMetaData& meta) {
    CompactWriter w;
    w.beginStruct();
    w.fieldI32(1, meta.version);
    w.fieldList(2, thrift_type::kStruct, meta.schema.size());
    for (const auto& e : meta.schema) writeSchemaElement(w, e);
    w.fieldI64(3, meta.numRows);
    w.fieldList(4, thrift_type::kStruct, meta.rowGroups.size());
    for (const auto& g : meta.rowGroups) {
        w.beginStruct();
        w.fieldList(1, thrift_type::kStruct, g.columns.size());
        for (const auto& c : g.columns) writeColumnChunk(w, c);
        w.fieldI64(2, g.totalByteSize);
        w.fieldI64(3, g.numRows);
        w.endStruct();
    }
    if (!meta.keyValueMetadata.empty()) {
        w.fieldList(5, thrift_type::kStruct, meta.keyValueMetadata.size());
        for (const auto& kv : meta.keyValueMetadata) {
            w.beginStruct();
            w.fieldBinary(1, kv.key);
            if (kv.value) w.fieldBinary(2, *kv.value);
            w.endStruct();
        }
    }
    if (!meta.createdBy.empty()) w.fieldBinary(6, meta.createdBy);
    w.endStruct();
    return w.bytes();
}

std::vector<std::uint8_t> encodePageHeader(const PageHeader& h) {
    CompactWriter w;
    w.beginStruct();
    w.fieldI32(1, h.type);
    w.fieldI32(2, h.uncompressedPageSize);
    w.fieldI32(3, h.compressedPageSize);
    if (h.dataPage) {
        w.fieldStruct(5);
        w.fieldI32(1, h.dataPage->numValues);
        w.fieldI32(2, h.dataPage->encoding);
        w.fieldI32(3, h.dataPage->definitionLevelEncoding);
        w.fieldI32(4, h.dataPage->repetitionLevelEncoding);
        w.endStruct();
    }
    if (h.dictionaryPage) {
        w.fieldStruct(7);
        w.fieldI32(1, h.dictionaryPage->numValues);
        w.fieldI32(2, h.dictionaryPage->encoding);
        w.endStruct();
    }
    if (h.dataPageV2) {
        const auto& d = *h.dataPageV2;
        w.fieldStruct(8);
        w.fieldI32(1, d.numValues);
        w.fieldI32(2, d.numNulls);
        w.fieldI32(3, d.numRows);
        w.fieldI32(4, d.encoding);
        w.fieldI32(5, d.definitionLevelsByteLength);
        w.fieldI32(6, d.repetitionLevelsByteLength);
        w.fieldBool(7, d.isCompressed);
        w.endStruct();
    }
    w.endStruct();
    return w.bytes();
}

}  // namespace cb
