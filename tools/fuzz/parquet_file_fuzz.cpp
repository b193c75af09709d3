// libFuzzer target: whole Parquet files through ParquetFile and readColumn (every row group of every
// flat column), which runs the page decoders: dictionary and data pages v1/v2, PLAIN and
// RLE_DICTIONARY values, definition levels, and each codec. Inputs go through a file in /dev/shm
// because ParquetFile maps a path, as the readers do.
#include "core/common/error.h"
#include "core/io/parquet_reader.h"

#include <cstdint>
#include <fstream>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/dev/shm/contextbench-fuzz-" + std::to_string(getpid()) + ".parquet";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const cb::ParquetFile file(path);
        for (const auto& column : file.columns()) {
            if (column.nested) continue;
            for (std::size_t group = 0; group < file.numRowGroups(); ++group) {
                try {
                    file.readColumn(column.name, group);
                } catch (const cb::Error&) {
                }
            }
        }
    } catch (const cb::Error&) {
    }
    return 0;
}
