#include "core/io/compression.h"

#include "core/common/error.h"

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <limits>
#include <string>

namespace cb {
namespace {

// A zlib stream ended however the function leaves, exceptions included.
class ZlibStream {
public:
    explicit ZlibStream(bool inflating) : inflating_(inflating) {}
    ~ZlibStream() {
        if (!open_) return;
        if (inflating_) inflateEnd(&z);
        else deflateEnd(&z);
    }
    ZlibStream(const ZlibStream&) = delete;
    ZlibStream& operator=(const ZlibStream&) = delete;
    void opened() { open_ = true; }

    z_stream z{};

private:
    bool inflating_;
    bool open_ = false;
};

std::vector<std::uint8_t> inflateGzip(std::span<const std::uint8_t> input, std::size_t expectedSize) {
    // Deflate expands at most about 1032:1; a larger claim is a damaged header, not data.
    if (expectedSize > input.size() * 1032 + 1024)
        throw Error("gzip: " + std::to_string(input.size()) + " bytes cannot expand to " + std::to_string(expectedSize));
    // One spare byte: zlib cannot finish even an empty stream into a zero-length buffer, and the spare
    // also shows a stream that expands past the size the page header promised.
    std::vector<std::uint8_t> out(expectedSize + 1);
    ZlibStream stream(true);
    // 15 + 32: accept both the gzip wrapper Parquet specifies and a bare zlib stream some writers emit.
    if (inflateInit2(&stream.z, 15 + 32) != Z_OK) throw Error("gzip: cannot initialise zlib");
    stream.opened();
    stream.z.next_in = const_cast<Bytef*>(input.data());
    stream.z.avail_in = static_cast<uInt>(input.size());
    stream.z.next_out = out.data();
    stream.z.avail_out = static_cast<uInt>(out.size());
    const int status = inflate(&stream.z, Z_FINISH);
    if (status != Z_STREAM_END)
        throw Error(std::string("gzip: corrupt data (") + (stream.z.msg ? stream.z.msg : "stream did not end") + ")");
    const std::size_t produced = out.size() - stream.z.avail_out;
    if (produced != expectedSize)
        throw Error("gzip: expanded to " + std::to_string(produced) + " bytes, expected " + std::to_string(expectedSize));
    out.pop_back();
    return out;
}

std::vector<std::uint8_t> deflateGzip(std::span<const std::uint8_t> input) {
    ZlibStream stream(false);
    // 15 + 16: a gzip wrapper, the framing Parquet's GZIP codec names.
    if (deflateInit2(&stream.z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw Error("gzip: cannot initialise zlib");
    stream.opened();
    std::vector<std::uint8_t> out(deflateBound(&stream.z, static_cast<uLong>(input.size())) + 32);
    stream.z.next_in = const_cast<Bytef*>(input.data());
    stream.z.avail_in = static_cast<uInt>(input.size());
    stream.z.next_out = out.data();
    stream.z.avail_out = static_cast<uInt>(out.size());
    if (deflate(&stream.z, Z_FINISH) != Z_STREAM_END) throw Error("gzip: compression failed");
    out.resize(out.size() - stream.z.avail_out);
    return out;
}

}  // namespace

const char* toString(Codec codec) {
    switch (codec) {
        case Codec::Uncompressed: return "UNCOMPRESSED";
        case Codec::Snappy: return "SNAPPY";
        case Codec::Gzip: return "GZIP";
        case Codec::Zstd: return "ZSTD";
    }
    return "?";
}

bool isSupportedCodec(std::int32_t id) { return id == 0 || id == 1 || id == 2 || id == 6; }

std::vector<std::uint8_t> decompress(Codec codec, std::span<const std::uint8_t> input, std::size_t expectedSize) {
    if (input.size() > std::numeric_limits<uInt>::max() || expectedSize > std::numeric_limits<uInt>::max())
        throw Error(std::string(toString(codec)) + ": page larger than 4 GiB");
    switch (codec) {
        case Codec::Uncompressed:
            if (input.size() != expectedSize)
                throw Error("uncompressed page holds " + std::to_string(input.size()) + " bytes, its header says " +
                            std::to_string(expectedSize));
            return {input.begin(), input.end()};
        case Codec::Snappy: {
            const auto* in = reinterpret_cast<const char*>(input.data());
            std::size_t length = 0;
            if (snappy_uncompressed_length(in, input.size(), &length) != SNAPPY_OK)
                throw Error("snappy: corrupt data (bad length preamble)");
            if (length != expectedSize)
                throw Error("snappy: expands to " + std::to_string(length) + " bytes, expected " +
                            std::to_string(expectedSize));
            std::vector<std::uint8_t> out(expectedSize);
            if (snappy_uncompress(in, input.size(), reinterpret_cast<char*>(out.data()), &length) != SNAPPY_OK)
                throw Error("snappy: corrupt data");
            return out;
        }
        case Codec::Gzip: return inflateGzip(input, expectedSize);
        case Codec::Zstd: {
            // When the page is one frame that states its size, check it first, so a damaged page header
            // cannot make us allocate in vain (pages of several frames are decoded and checked after).
            const auto frameSize = ZSTD_getFrameContentSize(input.data(), input.size());
            if (frameSize == ZSTD_CONTENTSIZE_ERROR) throw Error("zstd: corrupt data (not a zstd frame)");
            const bool singleFrame = ZSTD_findFrameCompressedSize(input.data(), input.size()) == input.size();
            if (singleFrame && frameSize != ZSTD_CONTENTSIZE_UNKNOWN && frameSize != expectedSize)
                throw Error("zstd: frame holds " + std::to_string(frameSize) + " bytes, expected " +
                            std::to_string(expectedSize));
            std::vector<std::uint8_t> out(expectedSize);
            const std::size_t produced = ZSTD_decompress(out.data(), out.size(), input.data(), input.size());
            if (ZSTD_isError(produced)) throw Error(std::string("zstd: corrupt data (") + ZSTD_getErrorName(produced) + ")");
            if (produced != expectedSize)
                throw Error("zstd: expanded to " + std::to_string(produced) + " bytes, expected " +
                            std::to_string(expectedSize));
            return out;
        }
    }
    throw Error("unsupported codec " + std::to_string(static_cast<int>(codec)));
}

std::vector<std::uint8_t> compress(Codec codec, std::span<const std::uint8_t> input) {
    switch (codec) {
        case Codec::Uncompressed: return {input.begin(), input.end()};
        case Codec::Snappy: {
            std::size_t length = snappy_max_compressed_length(input.size());
            std::vector<std::uint8_t> out(length);
            if (snappy_compress(reinterpret_cast<const char*>(input.data()), input.size(),
                                reinterpret_cast<char*>(out.data()), &length) != SNAPPY_OK)
                throw Error("snappy: compression failed");
            out.resize(length);
            return out;
        }
        case Codec::Gzip: return deflateGzip(input);
        case Codec::Zstd: {
            std::vector<std::uint8_t> out(ZSTD_compressBound(input.size()));
            // Level 3 is zstd's default: the speed/size balance pyarrow also picks.
            const std::size_t length = ZSTD_compress(out.data(), out.size(), input.data(), input.size(), 3);
            if (ZSTD_isError(length)) throw Error(std::string("zstd: compression failed (") + ZSTD_getErrorName(length) + ")");
            out.resize(length);
            return out;
        }
    }
    throw Error("unsupported codec " + std::to_string(static_cast<int>(codec)));
}

}  // namespace cb
