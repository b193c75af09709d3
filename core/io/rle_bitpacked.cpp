#include "core/io/rle_bitpacked.h"

#include "core/common/error.h"

#include <algorithm>
#include <string>

namespace cb {

RleBitPackedDecoder::RleBitPackedDecoder(std::span<const std::uint8_t> data, int bitWidth)
    : data_(data), bitWidth_(bitWidth) {
    if (bitWidth < 0 || bitWidth > 32) throw Error("RLE: bit width " + std::to_string(bitWidth) + " is out of range");
}

void RleBitPackedDecoder::nextRun() {
    std::uint64_t header = 0;
    for (int shift = 0;; shift += 7) {
        if (pos_ >= data_.size()) throw Error("RLE: stream ends inside a run header");
        if (shift > 63) throw Error("RLE: run header is not a valid varint");
        const std::uint8_t byte = data_[pos_++];
        header |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80)) break;
    }
    const std::uint64_t count = header >> 1;
    packed_ = (header & 1) != 0;
    if (packed_) {
        // Writers may cut the final bit-packed run short of its declared groups; take what is there
        // and fail only if a value beyond it is asked for.
        const std::uint64_t declared = count * static_cast<std::uint64_t>(bitWidth_);
        const std::size_t available = std::min<std::uint64_t>(declared, data_.size() - pos_);
        packedBytes_ = data_.subspan(pos_, available);
        pos_ += available;
        packedIndex_ = 0;
        remaining_ = bitWidth_ == 0 ? count * 8 : available * 8 / static_cast<std::size_t>(bitWidth_);
        remaining_ = std::min<std::uint64_t>(remaining_, count * 8);
    } else {
        const std::size_t valueBytes = (static_cast<std::size_t>(bitWidth_) + 7) / 8;
        if (data_.size() - pos_ < valueBytes) throw Error("RLE: stream ends inside a repeated value");
        repeated_ = 0;
        for (std::size_t i = 0; i < valueBytes; ++i) repeated_ |= static_cast<std::uint32_t>(data_[pos_ + i]) << (8 * i);
        pos_ += valueBytes;
        if (bitWidth_ < 32 && (repeated_ >> bitWidth_) != 0)
            throw Error("RLE: repeated value " + std::to_string(repeated_) + " exceeds bit width " + std::to_string(bitWidth_));
        remaining_ = count;
    }
}

std::uint32_t RleBitPackedDecoder::packedValue(std::size_t index) const {
    if (bitWidth_ == 0) return 0;
    const std::size_t bit = index * static_cast<std::size_t>(bitWidth_);
    const std::size_t first = bit / 8;
    std::uint64_t window = 0;
    // A value spans at most 5 bytes (32 bits starting at any bit offset).
    for (std::size_t i = 0; i < 5 && first + i < packedBytes_.size(); ++i)
        window |= static_cast<std::uint64_t>(packedBytes_[first + i]) << (8 * i);
    const std::uint64_t mask = bitWidth_ == 32 ? 0xffffffffULL : ((1ULL << bitWidth_) - 1);
    return static_cast<std::uint32_t>((window >> (bit % 8)) & mask);
}

void RleBitPackedDecoder::decode(std::span<std::uint32_t> out) {
    std::size_t done = 0;
    while (done < out.size()) {
        if (remaining_ == 0) {
            nextRun();
            continue;
        }
        const std::size_t take = std::min(remaining_, out.size() - done);
        if (packed_) {
            for (std::size_t i = 0; i < take; ++i) out[done + i] = packedValue(packedIndex_ + i);
            packedIndex_ += take;
        } else {
            std::fill_n(out.begin() + static_cast<std::ptrdiff_t>(done), take, repeated_);
        }
        remaining_ -= take;
        done += take;
    }
}

int bitWidthFor(std::uint32_t maxValue) {
    int width = 0;
    while (width < 32 && (maxValue >> width) != 0) ++width;
    return width;
}

void appendUleb128(std::vector<std::uint8_t>& out, std::uint64_t value) {
    do {
        std::uint8_t byte = value & 0x7f;
        value >>= 7;
        if (value) byte |= 0x80;
        out.push_back(byte);
    } while (value);
}

namespace {

void flushPacked(std::vector<std::uint8_t>& out, std::vector<std::uint32_t>& pending, int bitWidth) {
    if (pending.empty()) return;
    const std::size_t groups = (pending.size() + 7) / 8;
    pending.resize(groups * 8, 0);
    appendUleb128(out, (static_cast<std::uint64_t>(groups) << 1) | 1);
    std::uint64_t buffer = 0;
    int bits = 0;
    for (const auto v : pending) {
        buffer |= static_cast<std::uint64_t>(v) << bits;
        bits += bitWidth;
        while (bits >= 8) {
            out.push_back(static_cast<std::uint8_t>(buffer & 0xff));
            buffer >>= 8;
            bits -= 8;
        }
    }
    // groups * 8 * bitWidth is a whole number of bytes, so nothing is left over.
    pending.clear();
}

}  // namespace

void appendRleBitPacked(std::vector<std::uint8_t>& out, std::span<const std::uint32_t> values, int bitWidth) {
    const std::size_t valueBytes = (static_cast<std::size_t>(bitWidth) + 7) / 8;
    std::vector<std::uint32_t> pending;
    std::size_t i = 0;
    while (i < values.size()) {
        std::size_t run = 1;
        while (i + run < values.size() && values[i + run] == values[i]) ++run;
        // A repeated run may only start once the pending literals fill whole groups of 8.
        if (run >= 8 && pending.size() % 8 == 0) {
            flushPacked(out, pending, bitWidth);
            appendUleb128(out, static_cast<std::uint64_t>(run) << 1);
            for (std::size_t b = 0; b < valueBytes; ++b) out.push_back(static_cast<std::uint8_t>(values[i] >> (8 * b)));
            i += run;
        } else {
            pending.push_back(values[i]);
            ++i;
        }
    }
    flushPacked(out, pending, bitWidth);
}

}  // namespace cb
