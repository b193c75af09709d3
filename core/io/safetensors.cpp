#include "core/io/safetensors.h"

#include "core/common/error.h"
#include "core/io/atomic_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

namespace cb {
namespace {

struct DtypeName {
    StDtype dtype;
    const char* name;
    std::size_t size;
};
constexpr DtypeName kDtypes[] = {{StDtype::F64, "F64", 8}, {StDtype::F32, "F32", 4},  {StDtype::F16, "F16", 2},
                                 {StDtype::BF16, "BF16", 2}, {StDtype::I64, "I64", 8}, {StDtype::I32, "I32", 4},
                                 {StDtype::I16, "I16", 2},  {StDtype::I8, "I8", 1},    {StDtype::U8, "U8", 1},
                                 {StDtype::BOOL, "BOOL", 1}};

StDtype parseDtype(const std::string& name, const std::string& where) {
    for (const auto& d : kDtypes)
        if (name == d.name) return d.dtype;
    throw Error(where + ": unsupported dtype '" + name + "'");
}

}  // namespace

const char* toString(StDtype dtype) {
    for (const auto& d : kDtypes)
        if (d.dtype == dtype) return d.name;
    return "?";
}

std::size_t elementSize(StDtype dtype) {
    for (const auto& d : kDtypes)
        if (d.dtype == dtype) return d.size;
    return 0;
}

std::int64_t StTensorInfo::numel() const {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

SafetensorsFile::SafetensorsFile(const std::string& path) : file_(std::make_shared<MappedFile>(path)) {
    const auto size = file_->size();
    if (size < 8) throw Error(path + ": too short to be a safetensors file");
    std::uint64_t headerSize = 0;
    std::memcpy(&headerSize, file_->data(), 8);
    if (headerSize > size - 8) throw Error(path + ": header length " + std::to_string(headerSize) + " exceeds the file");
    const std::string headerText(reinterpret_cast<const char*>(file_->data()) + 8, headerSize);
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(headerText);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": header is not valid JSON (" + e.what() + ")");
    }
    if (!header.is_object()) throw Error(path + ": header is not a JSON object");
    dataStart_ = file_->data() + 8 + headerSize;
    const std::uint64_t dataSize = size - 8 - headerSize;

    for (const auto& [name, spec] : header.items()) {
        if (name == "__metadata__") {
            if (!spec.is_object()) throw Error(path + ": __metadata__ is not a JSON object");
            for (const auto& [key, value] : spec.items())
                metadata_[key] = value.is_string() ? value.get<std::string>() : value.dump();
            continue;
        }
        const std::string where = path + ": tensor '" + name + "'";
        StTensorInfo info;
        info.name = name;
        try {
            info.dtype = parseDtype(spec.at("dtype").get<std::string>(), where);
            info.shape = spec.at("shape").get<std::vector<std::int64_t>>();
            const auto offsets = spec.at("data_offsets").get<std::vector<std::uint64_t>>();
            if (offsets.size() != 2) throw Error(where + ": data_offsets must have two entries");
            info.begin = offsets[0];
            info.end = offsets[1];
        } catch (const nlohmann::json::exception& e) {
            throw Error(where + ": malformed entry (" + e.what() + ")");
        }
        if (info.begin > info.end || info.end > dataSize)
            throw Error(where + ": byte range [" + std::to_string(info.begin) + ", " + std::to_string(info.end) +
                        ") lies outside the " + std::to_string(dataSize) + "-byte data section");
        std::uint64_t expected = elementSize(info.dtype);
        for (auto d : info.shape) {
            if (d < 0) throw Error(where + ": negative dimension");
            if (__builtin_mul_overflow(expected, static_cast<std::uint64_t>(d), &expected))
                throw Error(where + ": shape is too large");
        }
        if (info.end - info.begin != expected)
            throw Error(where + ": holds " + std::to_string(info.end - info.begin) + " bytes, its dtype and shape need " +
                        std::to_string(expected));
        tensors_.push_back(std::move(info));
    }
    std::sort(tensors_.begin(), tensors_.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
    // Tensors may not share bytes: a crafted header could otherwise alias one tensor's data into another.
    const StTensorInfo* previous = nullptr;
    for (const auto& t : tensors_) {
        if (t.begin == t.end) continue;
        if (previous && t.begin < previous->end)
            throw Error(path + ": tensors '" + previous->name + "' and '" + t.name + "' overlap in the data section");
        previous = &t;
    }
}

const StTensorInfo* SafetensorsFile::find(const std::string& name) const {
    for (const auto& t : tensors_)
        if (t.name == name) return &t;
    return nullptr;
}

void writeSafetensors(const std::string& path, const std::vector<StTensorView>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    std::vector<const StTensorView*> order;
    for (const auto& t : tensors) order.push_back(&t);
    std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->name < b->name; });

    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    for (const auto* t : order) {
        std::uint64_t bytes = elementSize(t->dtype);
        for (auto d : t->shape) bytes *= static_cast<std::uint64_t>(d);
        header[t->name] = {{"dtype", toString(t->dtype)}, {"shape", t->shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string headerText = header.dump();
    while ((8 + headerText.size()) % 8 != 0) headerText.push_back(' ');

    writeFileAtomically(path, [&](std::ostream& out) {
        const std::uint64_t headerSize = headerText.size();
        out.write(reinterpret_cast<const char*>(&headerSize), 8);
        out.write(headerText.data(), static_cast<std::streamsize>(headerText.size()));
        for (const auto* t : order) {
            std::uint64_t bytes = elementSize(t->dtype);
            for (auto d : t->shape) bytes *= static_cast<std::uint64_t>(d);
            out.write(static_cast<const char*>(t->data), static_cast<std::streamsize>(bytes));
        }
    });
}

}  // namespace cb
