#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cb {

// Page codecs ContextBench reads and writes; the values are Parquet's CompressionCodec ids so they can
// be stored in ColumnMetaData as they are.
enum class Codec : std::int32_t { Uncompressed = 0, Snappy = 1, Gzip = 2, Zstd = 6 };

const char* toString(Codec codec);
// Whether a CompressionCodec id from a file is one of the above (LZO, Brotli and LZ4 are not).
bool isSupportedCodec(std::int32_t id);

// Expands `input` into exactly `expectedSize` bytes. Throws cb::Error when the data is corrupt or
// its size differs; the message names the codec only, callers add the file and page.
std::vector<std::uint8_t> decompress(Codec codec, std::span<const std::uint8_t> input, std::size_t expectedSize);

std::vector<std::uint8_t> compress(Codec codec, std::span<const std::uint8_t> input);

}  // namespace cb
