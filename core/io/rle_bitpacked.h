#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cb {

// Parquet's RLE / bit-packing hybrid, used for definition and repetition levels, dictionary indices
// and RLE booleans. A stream is a sequence of runs, each introduced by a ULEB128 header whose low bit
// says which kind: a repeated value (count = header >> 1, value in ceil(bitWidth / 8) little-endian
// bytes) or groups of 8 values bit-packed LSB first (groups = header >> 1).
class RleBitPackedDecoder {
public:
    RleBitPackedDecoder(std::span<const std::uint8_t> data, int bitWidth);

    // Fills `out` completely; throws cb::Error when the stream ends first or a value is malformed.
    void decode(std::span<std::uint32_t> out);
    // Bytes consumed so far, for callers that must know where the stream ended.
    std::size_t position() const { return pos_; }

private:
    void nextRun();
    std::uint32_t packedValue(std::size_t index) const;

    std::span<const std::uint8_t> data_;
    std::size_t pos_ = 0;
    int bitWidth_ = 0;
    bool packed_ = false;
    std::size_t remaining_ = 0;  // values left in the current run
    std::uint32_t repeated_ = 0;
    std::span<const std::uint8_t> packedBytes_;
    std::size_t packedIndex_ = 0;
};

// Smallest bit width that holds `maxValue` (0 for 0).
int bitWidthFor(std::uint32_t maxValue);

// Appends `values` encoded as the hybrid (runs of 8 or more equal values become RLE runs, the rest
// bit-packed groups; the last group is padded with zeros, which readers ignore since they know the count).
void appendRleBitPacked(std::vector<std::uint8_t>& out, std::span<const std::uint32_t> values, int bitWidth);

// ULEB128, as used by the run headers.
void appendUleb128(std::vector<std::uint8_t>& out, std::uint64_t value);

}  // namespace cb
