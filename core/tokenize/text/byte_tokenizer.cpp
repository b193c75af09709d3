#include "core/tokenize/text/byte_tokenizer.h"

#include "core/tokenize/text/byte_level_alphabet.h"

#include <nlohmann/json.hpp>

#include <string>

namespace cb {

nlohmann::json makeByteTokenizerJson() {
    using nlohmann::json;
    auto special = [](std::int32_t id, const char* content) {
        return json{{"id", id},          {"content", content}, {"single_word", false}, {"lstrip", false},
                    {"rstrip", false},   {"normalized", false}, {"special", true}};
    };
    // HF writes every field of these components, defaults included; matching that keeps the file
    // identical to HF's own serialisation (a test compares them).
    const json byteLevel = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", false}};
    auto piece = [](const char* kind, const char* id, int typeId) { return json{{kind, {{"id", id}, {"type_id", typeId}}}}; };

    json vocab = json::object();
    for (unsigned b = 0; b < 256; ++b) vocab[std::string(byteLevelSymbol(static_cast<unsigned char>(b)))] = b;

    return json{
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens", json::array({special(kByteTokenizerPad, "<pad>"), special(kByteTokenizerBos, "<bos>"),
                                      special(kByteTokenizerEos, "<eos>")})},
        {"normalizer", nullptr},
        {"pre_tokenizer", byteLevel},
        {"post_processor",
         {{"type", "TemplateProcessing"},
          {"single", json::array({piece("SpecialToken", "<bos>", 0), piece("Sequence", "A", 0)})},
          {"pair", json::array({piece("SpecialToken", "<bos>", 0), piece("Sequence", "A", 0),
                                piece("SpecialToken", "<bos>", 1), piece("Sequence", "B", 1)})},
          {"special_tokens", {{"<bos>", {{"id", "<bos>"}, {"ids", json::array({kByteTokenizerBos})}, {"tokens", json::array({"<bos>"})}}}}}}},
        {"decoder", byteLevel},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", nullptr},
          {"continuing_subword_prefix", nullptr},
          {"end_of_word_suffix", nullptr},
          {"fuse_unk", false},
          {"byte_fallback", false},
          {"ignore_merges", false},
          {"vocab", vocab},
          {"merges", json::array()}}},
    };
}

}  // namespace cb
