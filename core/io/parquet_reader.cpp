#include "core/io/parquet_reader.h"

#include "core/common/error.h"
#include "core/io/compression.h"
#include "core/io/rle_bitpacked.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <unordered_map>

namespace cb {
namespace {

constexpr char kMagic[4] = {'P', 'A', 'R', '1'};
// A page larger than this is taken for corruption rather than allocated.
constexpr std::int64_t kMaxPageBytes = std::int64_t{1} << 30;

std::uint32_t readU32(const std::uint8_t* p) {
    std::uint32_t v = 0;
    std::memcpy(&v, p, 4);
    return v;
}

// Interns the distinct strings of one column so each row costs an id, not a copy.
class StringInterner {
public:
    explicit StringInterner(std::vector<std::string>& strings) : strings_(strings) {
        for (std::uint32_t i = 0; i < strings_.size(); ++i) ids_.emplace(strings_[i], i);
    }
    std::uint32_t intern(std::string_view s) {
        if (auto it = ids_.find(s); it != ids_.end()) return it->second;
        const auto id = static_cast<std::uint32_t>(strings_.size());
        strings_.emplace_back(s);
        ids_.emplace(strings_.back(), id);
        return id;
    }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::vector<std::string>& strings_;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
};

// Reads PLAIN-encoded values one at a time, refusing to run past the page.
class PlainValues {
public:
    PlainValues(std::span<const std::uint8_t> data, PhysicalType type) : data_(data), type_(type) {}

    std::int64_t nextInt() {
        switch (type_) {
            case PhysicalType::Boolean: {
                const std::size_t byte = index_ / 8;
                if (byte >= data_.size()) fail();
                return (data_[byte] >> (index_++ % 8)) & 1;
            }
            case PhysicalType::Int32: {
                std::int32_t v = 0;
                std::memcpy(&v, take(4), 4);
                ++index_;
                return v;
            }
            default: {
                std::int64_t v = 0;
                std::memcpy(&v, take(8), 8);
                ++index_;
                return v;
            }
        }
    }
    double nextReal() {
        ++index_;
        if (type_ == PhysicalType::Float) {
            float v = 0;
            std::memcpy(&v, take(4), 4);
            return v;
        }
        double v = 0;
        std::memcpy(&v, take(8), 8);
        return v;
    }
    std::string_view nextBytes() {
        const std::uint32_t length = readU32(take(4));
        const auto* p = take(length);
        ++index_;
        return {reinterpret_cast<const char*>(p), length};
    }

private:
    const std::uint8_t* take(std::size_t n) {
        if (data_.size() - pos_ < n) fail();
        const auto* p = data_.data() + pos_;
        pos_ += n;
        return p;
    }
    [[noreturn]] void fail() const {
        throw Error("PLAIN values end after " + std::to_string(index_) + " values (" + std::to_string(data_.size()) +
                    " bytes)");
    }

    std::span<const std::uint8_t> data_;
    PhysicalType type_;
    std::size_t pos_ = 0;
    std::size_t index_ = 0;
};

std::int64_t toMicros(std::int64_t value, TimeUnit unit) {
    switch (unit) {
        case TimeUnit::Millis: {
            std::int64_t micros = 0;
            if (__builtin_mul_overflow(value, 1000, &micros))
                throw Error("millisecond timestamp " + std::to_string(value) + " overflows microseconds");
            return micros;
        }
        case TimeUnit::Nanos: return value / 1000 - (value % 1000 < 0 ? 1 : 0);  // floor, as pyarrow casts
        default: return value;
    }
}

// Decodes the pages of one column chunk, appending to `out`.
class ChunkDecoder {
public:
    ChunkDecoder(const ParquetColumnInfo& column, Codec codec, ParquetColumnData& out, StringInterner& strings)
        : column_(column), codec_(codec), out_(out), strings_(strings) {}

    // Returns the number of values (rows) the page held; `remaining` is what the chunk has left.
    std::size_t page(const PageHeader& header, std::span<const std::uint8_t> body, std::size_t remaining) {
        if (header.type == page_type::kDictionary) {
            if (!header.dictionaryPage) throw Error("dictionary page without a dictionary_page_header");
            dictionary(*header.dictionaryPage, decompress(codec_, body, checkedSize(header.uncompressedPageSize)));
            return 0;
        }
        if (header.type == page_type::kData) {
            if (!header.dataPage) throw Error("data page without a data_page_header");
            const std::size_t count = checkedCount(header.dataPage->numValues, remaining);
            dataV1(*header.dataPage, decompress(codec_, body, checkedSize(header.uncompressedPageSize)));
            return count;
        }
        if (header.type == page_type::kDataV2) {
            if (!header.dataPageV2) throw Error("data page v2 without a data_page_header_v2");
            const std::size_t count = checkedCount(header.dataPageV2->numValues, remaining);
            dataV2(header, body);
            return count;
        }
        return 0;  // index pages and future page types carry no values
    }

private:
    // Checked before anything is allocated for the page's rows, so a damaged count cannot ask for gigabytes.
    static std::size_t checkedCount(std::int32_t count, std::size_t remaining) {
        if (count < 0) throw Error("negative value count");
        if (static_cast<std::size_t>(count) > remaining)
            throw Error("page holds " + std::to_string(count) + " values, more than the " + std::to_string(remaining) +
                        " its column chunk has left");
        return static_cast<std::size_t>(count);
    }

    static std::size_t checkedSize(std::int32_t size) {
        if (size < 0 || size > kMaxPageBytes) throw Error("implausible page size " + std::to_string(size));
        return static_cast<std::size_t>(size);
    }

    void dictionary(const DictionaryPageHeader& header, const std::vector<std::uint8_t>& data) {
        if (header.encoding != encoding::kPlain && header.encoding != encoding::kPlainDictionary)
            throw Error("dictionary page encoding " + std::to_string(header.encoding) + " is not supported");
        if (header.numValues < 0) throw Error("negative dictionary size");
        PlainValues plain(data, column_.type);
        dictInts_.clear();
        dictReals_.clear();
        dictStrings_.clear();
        for (std::int32_t i = 0; i < header.numValues; ++i) {
            if (column_.type == PhysicalType::ByteArray)
                dictStrings_.push_back(strings_.intern(plain.nextBytes()));
            else if (column_.type == PhysicalType::Float || column_.type == PhysicalType::Double)
                dictReals_.push_back(plain.nextReal());
            else
                dictInts_.push_back(toMicros(plain.nextInt(), column_.timeUnit));
        }
        dictSize_ = static_cast<std::size_t>(header.numValues);
        hasDictionary_ = true;
    }

    void dataV1(const DataPageHeader& header, const std::vector<std::uint8_t>& data) {
        if (header.numValues < 0) throw Error("negative value count");
        const auto rows = static_cast<std::size_t>(header.numValues);
        std::span<const std::uint8_t> rest(data);
        std::vector<std::uint32_t> levels;
        if (column_.maxDefinitionLevel > 0) {
            if (header.definitionLevelEncoding != encoding::kRle)
                throw Error("definition level encoding " + std::to_string(header.definitionLevelEncoding) +
                            " is not supported (only RLE)");
            if (rest.size() < 4) throw Error("page ends before its definition levels");
            const std::uint32_t length = readU32(rest.data());
            if (length > rest.size() - 4) throw Error("definition levels run past the end of the page");
            levels = decodeLevels(rest.subspan(4, length), rows);
            rest = rest.subspan(4 + length);
        }
        values(header.encoding, rows, levels, rest);
    }

    void dataV2(const PageHeader& page, std::span<const std::uint8_t> body) {
        const auto& header = *page.dataPageV2;
        if (header.numValues < 0 || header.numNulls < 0 || header.definitionLevelsByteLength < 0 ||
            header.repetitionLevelsByteLength < 0)
            throw Error("negative count in data_page_header_v2");
        const auto repBytes = static_cast<std::size_t>(header.repetitionLevelsByteLength);
        const auto defBytes = static_cast<std::size_t>(header.definitionLevelsByteLength);
        if (repBytes + defBytes > body.size()) throw Error("levels run past the end of the page");
        const auto rows = static_cast<std::size_t>(header.numValues);
        std::vector<std::uint32_t> levels;
        if (column_.maxDefinitionLevel > 0) levels = decodeLevels(body.subspan(repBytes, defBytes), rows);
        const auto valueBytes = body.subspan(repBytes + defBytes);
        const std::size_t uncompressed = checkedSize(page.uncompressedPageSize);
        if (uncompressed < repBytes + defBytes) throw Error("uncompressed page size smaller than its levels");
        std::vector<std::uint8_t> expanded;
        if (header.isCompressed && codec_ != Codec::Uncompressed)
            expanded = decompress(codec_, valueBytes, uncompressed - repBytes - defBytes);
        else
            expanded.assign(valueBytes.begin(), valueBytes.end());
        const std::size_t before = out_.valid.size();
        values(header.encoding, rows, levels, expanded);
        std::size_t nulls = 0;
        for (std::size_t i = before; i < out_.valid.size(); ++i) nulls += out_.valid[i] == 0;
        if (nulls != static_cast<std::size_t>(header.numNulls))
            throw Error("definition levels give " + std::to_string(nulls) + " nulls, the header says " +
                        std::to_string(header.numNulls));
    }

    std::vector<std::uint32_t> decodeLevels(std::span<const std::uint8_t> data, std::size_t rows) const {
        std::vector<std::uint32_t> levels(rows);
        RleBitPackedDecoder decoder(data, bitWidthFor(static_cast<std::uint32_t>(column_.maxDefinitionLevel)));
        decoder.decode(levels);
        return levels;
    }

    void values(std::int32_t encodingId, std::size_t rows, const std::vector<std::uint32_t>& levels,
                std::span<const std::uint8_t> data) {
        const std::size_t base = out_.valid.size();
        out_.valid.resize(base + rows, 1);
        std::size_t present = rows;
        if (!levels.empty()) {
            present = 0;
            for (std::size_t i = 0; i < rows; ++i) {
                const bool ok = levels[i] == static_cast<std::uint32_t>(column_.maxDefinitionLevel);
                out_.valid[base + i] = ok;
                present += ok;
            }
        }
        const bool isString = column_.type == PhysicalType::ByteArray;
        const bool isReal = column_.type == PhysicalType::Float || column_.type == PhysicalType::Double;
        if (isString) out_.stringIds.resize(base + rows, ParquetColumnData::kNullString);
        else if (isReal) out_.reals.resize(base + rows, std::nan(""));
        else out_.ints.resize(base + rows, 0);

        // Visits the present rows in order; `assign(row, k)` stores the k-th decoded value.
        auto forPresent = [&](auto&& assign) {
            std::size_t k = 0;
            for (std::size_t i = 0; i < rows; ++i)
                if (out_.valid[base + i]) assign(base + i, k++);
        };

        if (encodingId == encoding::kPlain) {
            PlainValues plain(data, column_.type);
            forPresent([&](std::size_t row, std::size_t) {
                if (isString) out_.stringIds[row] = strings_.intern(plain.nextBytes());
                else if (isReal) out_.reals[row] = plain.nextReal();
                else out_.ints[row] = toMicros(plain.nextInt(), column_.timeUnit);
            });
        } else if (encodingId == encoding::kPlainDictionary || encodingId == encoding::kRleDictionary) {
            if (!hasDictionary_) throw Error("dictionary-encoded page but the chunk has no dictionary page");
            if (present > 0 && data.empty()) throw Error("dictionary indices missing");
            std::vector<std::uint32_t> indices(present);
            if (present > 0) {
                RleBitPackedDecoder decoder(data.subspan(1), data[0]);
                decoder.decode(indices);
            }
            forPresent([&](std::size_t row, std::size_t k) {
                const std::uint32_t index = indices[k];
                if (index >= dictSize_)
                    throw Error("dictionary index " + std::to_string(index) + " outside a dictionary of " +
                                std::to_string(dictSize_));
                if (isString) out_.stringIds[row] = dictStrings_[index];
                else if (isReal) out_.reals[row] = dictReals_[index];
                else out_.ints[row] = dictInts_[index];
            });
        } else if (encodingId == encoding::kRle && column_.type == PhysicalType::Boolean) {
            if (data.size() < 4) throw Error("RLE boolean page lacks its length prefix");
            const std::uint32_t length = readU32(data.data());
            if (length > data.size() - 4) throw Error("RLE booleans run past the end of the page");
            std::vector<std::uint32_t> bits(present);
            RleBitPackedDecoder decoder(data.subspan(4, length), 1);
            decoder.decode(bits);
            forPresent([&](std::size_t row, std::size_t k) { out_.ints[row] = bits[k]; });
        } else {
            throw Error("value encoding " + std::to_string(encodingId) + " is not supported for " +
                        toString(column_.type));
        }
    }

    const ParquetColumnInfo& column_;
    Codec codec_;
    ParquetColumnData& out_;
    StringInterner& strings_;
    bool hasDictionary_ = false;
    std::size_t dictSize_ = 0;
    std::vector<std::int64_t> dictInts_;
    std::vector<double> dictReals_;
    std::vector<std::uint32_t> dictStrings_;
};

}  // namespace

ParquetFile::ParquetFile(const std::string& path) : file_(std::make_shared<MappedFile>(path)) {
    const auto size = file_->size();
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(file_->data());
    if (size < 12) throw Error(path + ": too short to be a Parquet file (" + std::to_string(size) + " bytes)");
    if (std::memcmp(bytes, kMagic, 4) != 0) throw Error(path + ": not a Parquet file (no PAR1 magic at the start)");
    if (std::memcmp(bytes + size - 4, kMagic, 4) != 0)
        throw Error(path + ": no PAR1 magic at the end (truncated or still being written?)");
    const std::uint32_t footerLength = readU32(bytes + size - 8);
    if (footerLength > size - 12)
        throw Error(path + ": footer length " + std::to_string(footerLength) + " exceeds the file (" +
                    std::to_string(size) + " bytes)");
    try {
        meta_ = decodeFileMetaData({bytes + size - 8 - footerLength, footerLength});
    } catch (const Error& e) {
        throw Error(path + ": corrupt footer: " + e.what());
    }
    buildColumns();
}

void ParquetFile::buildColumns() {
    const auto& schema = meta_.schema;
    std::size_t next = 1;
    std::function<void(std::int32_t, const std::string&, int, int, int)> visit =
        [&](std::int32_t children, const std::string& prefix, int def, int rep, int depth) {
            if (depth > 32) throw Error(path() + ": schema nested too deeply");
            for (std::int32_t c = 0; c < children; ++c) {
                if (next >= schema.size())
                    throw Error(path() + ": schema lists fewer elements than its num_children declare");
                const SchemaElement& e = schema[next++];
                const int d = def + (e.repetition && *e.repetition != Repetition::Required ? 1 : 0);
                const int r = rep + (e.repetition == Repetition::Repeated ? 1 : 0);
                const std::string name = prefix.empty() ? e.name : prefix + "." + e.name;
                if (!e.type) {
                    visit(e.numChildren, name, d, r, depth + 1);
                    continue;
                }
                ParquetColumnInfo info;
                info.name = name;
                info.type = *e.type;
                info.maxDefinitionLevel = d;
                info.maxRepetitionLevel = r;
                info.nullable = d > 0;
                info.nested = depth > 0 || r > 0;
                info.isString = info.type == PhysicalType::ByteArray &&
                                (e.logicalString || e.convertedType == converted_type::kUtf8);
                if (info.type == PhysicalType::Int64) {
                    if (e.logicalTimestamp != TimeUnit::None) info.timeUnit = e.logicalTimestamp;
                    else if (e.convertedType == converted_type::kTimestampMillis) info.timeUnit = TimeUnit::Millis;
                    else if (e.convertedType == converted_type::kTimestampMicros) info.timeUnit = TimeUnit::Micros;
                }
                info.chunkIndex = columns_.size();
                columns_.push_back(std::move(info));
            }
        };
    visit(schema[0].numChildren, "", 0, 0, 0);
    if (next != schema.size())
        throw Error(path() + ": schema has " + std::to_string(schema.size() - next) + " elements outside its tree");
    for (std::size_t g = 0; g < meta_.rowGroups.size(); ++g)
        if (meta_.rowGroups[g].columns.size() != columns_.size())
            throw Error(path() + ": row group " + std::to_string(g) + " has " +
                        std::to_string(meta_.rowGroups[g].columns.size()) + " column chunks, the schema " +
                        std::to_string(columns_.size()) + " leaf columns");
}

const ParquetColumnInfo* ParquetFile::findColumn(std::string_view name) const {
    for (const auto& c : columns_)
        if (c.name == name) return &c;
    return nullptr;
}

const ParquetColumnInfo& ParquetFile::flatColumn(std::string_view name) const {
    const auto* column = findColumn(name);
    if (!column) throw Error(path() + ": no column '" + std::string(name) + "'");
    if (column->nested) throw Error(path() + ": column '" + column->name + "' is nested; only flat columns are read");
    if (column->type == PhysicalType::Int96 || column->type == PhysicalType::FixedLenByteArray)
        throw Error(path() + ": column '" + column->name + "' has unsupported physical type " + toString(column->type));
    return *column;
}

ParquetColumnData ParquetFile::readColumn(std::string_view name) const {
    ParquetColumnData out;
    readRowGroups(flatColumn(name), 0, meta_.rowGroups.size(), out);
    return out;
}

ParquetColumnData ParquetFile::readColumn(std::string_view name, std::size_t rowGroup) const {
    if (rowGroup >= meta_.rowGroups.size())
        throw Error(path() + ": no row group " + std::to_string(rowGroup) + " (the file has " +
                    std::to_string(meta_.rowGroups.size()) + ")");
    ParquetColumnData out;
    readRowGroups(flatColumn(name), rowGroup, rowGroup + 1, out);
    return out;
}

void ParquetFile::readRowGroups(const ParquetColumnInfo& column, std::size_t first, std::size_t last,
                                ParquetColumnData& out) const {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(file_->data());
    const std::size_t fileSize = file_->size();
    StringInterner strings(out.strings);
    for (std::size_t g = first; g < last; ++g) {
        const std::string where = path() + ": row group " + std::to_string(g) + ", column '" + column.name + "'";
        const ColumnChunk& chunk = meta_.rowGroups[g].columns[column.chunkIndex];
        if (chunk.filePath) throw Error(where + ": data lives in another file ('" + *chunk.filePath + "'), not supported");
        if (!chunk.metaData) throw Error(where + ": column chunk has no metadata");
        const ColumnMetaData& m = *chunk.metaData;
        if (m.type != column.type) throw Error(where + ": chunk type " + toString(m.type) + " differs from the schema");
        if (!isSupportedCodec(m.codec)) throw Error(where + ": compression codec " + std::to_string(m.codec) + " is not supported");
        std::int64_t start = m.dataPageOffset;
        if (m.dictionaryPageOffset && *m.dictionaryPageOffset > 0 && *m.dictionaryPageOffset < start)
            start = *m.dictionaryPageOffset;
        if (start < 4 || m.totalCompressedSize < 0 || m.numValues < 0 ||
            static_cast<std::uint64_t>(start) + static_cast<std::uint64_t>(m.totalCompressedSize) > fileSize)
            throw Error(where + ": column chunk at byte " + std::to_string(start) + " of " +
                        std::to_string(m.totalCompressedSize) + " bytes lies outside the " + std::to_string(fileSize) +
                        "-byte file");
        const auto end = static_cast<std::size_t>(start + m.totalCompressedSize);
        // A flat column has one value (null or not) per row; the counts must agree before pages are trusted.
        if (m.numValues != meta_.rowGroups[g].numRows)
            throw Error(where + ": chunk declares " + std::to_string(m.numValues) + " values for " +
                        std::to_string(meta_.rowGroups[g].numRows) + " rows");
        const auto expected = static_cast<std::size_t>(m.numValues);
        const std::size_t rowsBefore = out.valid.size();
        ChunkDecoder decoder(column, static_cast<Codec>(m.codec), out, strings);
        auto pos = static_cast<std::size_t>(start);
        std::size_t seen = 0;
        while (seen < expected) {
            if (pos >= end)
                throw Error(where + ": column chunk ends after " + std::to_string(seen) + " of " +
                            std::to_string(expected) + " values");
            const std::string at = where + ", page at byte " + std::to_string(pos);
            try {
                std::size_t headerLength = 0;
                const PageHeader header = decodePageHeader({bytes + pos, end - pos}, headerLength);
                const std::size_t bodyStart = pos + headerLength;
                if (static_cast<std::size_t>(header.compressedPageSize) > end - bodyStart)
                    throw Error("page of " + std::to_string(header.compressedPageSize) +
                                " bytes runs past the end of its column chunk (" + std::to_string(end - bodyStart) +
                                " bytes left)");
                seen += decoder.page(header, {bytes + bodyStart, static_cast<std::size_t>(header.compressedPageSize)},
                                     expected - seen);
                pos = bodyStart + static_cast<std::size_t>(header.compressedPageSize);
            } catch (const Cancelled&) {
                throw;
            } catch (const Error& e) {
                throw Error(at + ": " + e.what());
            }
        }
        if (out.valid.size() - rowsBefore != static_cast<std::size_t>(meta_.rowGroups[g].numRows))
            throw Error(where + ": holds " + std::to_string(out.valid.size() - rowsBefore) + " rows, the row group " +
                        std::to_string(meta_.rowGroups[g].numRows));
    }
}

}  // namespace cb
