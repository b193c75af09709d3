// libFuzzer target: the Parquet footer (Thrift compact FileMetaData), page headers and the
// RLE/bit-packed hybrid decoder, fed arbitrary bytes. Any cb::Error is a clean rejection; a crash,
// a sanitizer report or another exception type is a bug.
#include "core/common/error.h"
#include "core/io/parquet_thrift.h"
#include "core/io/rle_bitpacked.h"

#include <cstdint>
#include <span>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    try {
        cb::decodeFileMetaData(bytes);
    } catch (const cb::Error&) {
    }
    try {
        std::size_t consumed = 0;
        cb::decodePageHeader(bytes, consumed);
    } catch (const cb::Error&) {
    }
    if (size >= 2) {
        // First byte: bit width; second: how many values to ask for.
        try {
            cb::RleBitPackedDecoder decoder(bytes.subspan(2), data[0] % 33);
            std::vector<std::uint32_t> out(data[1]);
            decoder.decode(out);
        } catch (const cb::Error&) {
        }
    }
    return 0;
}
