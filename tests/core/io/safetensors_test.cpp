#include "core/common/error.h"
#include "core/io/safetensors.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

namespace cb {

TEST(Safetensors, WritesAndReadsBackEveryTensor) {
    test::TempDir dir;
    const std::vector<float> weights{1.5f, -2.0f, 3.25f, 0.0f, 7.0f, -0.5f};
    const std::vector<std::int64_t> ids{1, 2, 3};
    const std::vector<std::uint16_t> half{0x3c00, 0xc000};  // 1.0, -2.0 as F16 bits
    writeSafetensors(dir.file("m.safetensors"),
                     {{"b.weight", StDtype::F32, {2, 3}, weights.data()},
                      {"a.ids", StDtype::I64, {3}, ids.data()},
                      {"c.half", StDtype::F16, {2}, half.data()}},
                     {{"format", "pt"}});
    const SafetensorsFile file(dir.file("m.safetensors"));
    EXPECT_EQ(file.metadata().at("format"), "pt");
    ASSERT_EQ(file.tensors().size(), 3u);
    // Sorted by name on disk, as the reference writer does.
    EXPECT_EQ(file.tensors()[0].name, "a.ids");
    const auto* w = file.find("b.weight");
    ASSERT_TRUE(w);
    EXPECT_EQ(w->shape, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(std::memcmp(file.data(*w), weights.data(), weights.size() * sizeof(float)), 0);
    const auto* h = file.find("c.half");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->dtype, StDtype::F16);
    EXPECT_EQ(std::memcmp(file.data(*h), half.data(), 4), 0);
    // The header is padded so the data section starts 8-byte aligned.
    std::uint64_t headerSize = 0;
    std::ifstream in(dir.file("m.safetensors"), std::ios::binary);
    in.read(reinterpret_cast<char*>(&headerSize), 8);
    EXPECT_EQ(headerSize % 8, 0u);
}

TEST(Safetensors, CorruptFilesAreRefusedWithTheFileAndTensorNamed) {
    test::TempDir dir;
    const std::string header = R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,64]}})";
    {
        std::ofstream out(dir.file("bad.safetensors"), std::ios::binary);
        const std::uint64_t n = header.size();
        out.write(reinterpret_cast<const char*>(&n), 8);
        out << header << std::string(16, '\0');
    }
    try {
        SafetensorsFile file(dir.file("bad.safetensors"));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("bad.safetensors"), std::string::npos) << message;
        EXPECT_NE(message.find("'w'"), std::string::npos) << message;
    }
    {
        std::ofstream out(dir.file("short.safetensors"), std::ios::binary);
        out << "abc";
    }
    EXPECT_THROW(SafetensorsFile(dir.file("short.safetensors")), Error);
    EXPECT_THROW(SafetensorsFile(dir.file("missing.safetensors")), Error);
}

}  // namespace cb
