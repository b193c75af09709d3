// libFuzzer target: a safetensors header (through SafetensorsFile, which validates every entry) and
// a HF config.json (through the four architectures' config readers), fed arbitrary bytes. Any
// cb::Error is a clean rejection; a crash, a sanitizer report or another exception type is a bug.
#include "core/common/error.h"
#include "core/io/safetensors.h"
#include "core/models/gpt2_config.h"
#include "core/models/hyena_config.h"
#include "core/models/llama_config.h"
#include "core/models/mamba_config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/dev/shm/contextbench-fuzz-" + std::to_string(getpid()) + ".safetensors";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const cb::SafetensorsFile file(path);
        for (const auto& t : file.tensors()) (void)file.data(t);
    } catch (const cb::Error&) {
    }
    const auto json = nlohmann::json::parse(data, data + size, nullptr, false);
    if (json.is_discarded()) return 0;
    const std::string origin = "config.json";
    try { cb::LlamaConfig::fromHfJson(json, origin); } catch (const cb::Error&) {}
    try { cb::Gpt2Config::fromHfJson(json, origin); } catch (const cb::Error&) {}
    try { cb::MambaConfig::fromHfJson(json, origin); } catch (const cb::Error&) {}
    try { cb::HyenaConfig::fromHfJson(json, origin); } catch (const cb::Error&) {}
    return 0;
}
