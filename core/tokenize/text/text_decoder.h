#pragma once

#include "core/tokenize/text/tokenizer_json.h"

#include <string>
#include <vector>

namespace cb {

// The decoders of the supported families, in any Sequence: ByteLevel; Replace (string pattern),
// ByteFallback, Fuse and Strip (SentencePiece-converted files); Metaspace. Each step maps the token
// strings to new strings as HF's decode_chain does, and the result is their concatenation.
class TextDecoder {
public:
    // `config` is the file's "decoder" (null: tokens joined with single spaces, as HF does).
    static TextDecoder fromJson(const nlohmann::json& config, const TokenizerJson& file);

    std::string decode(std::vector<std::string> tokens) const;
    std::string describe() const;

private:
    struct Step {
        enum class Kind { ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace } kind;
        std::string pattern;  // Replace: what to find; Metaspace: the replacement character
        std::string content;  // Replace: the replacement; Strip: the character to strip
        std::size_t start = 0, stop = 0;  // Strip: how many to strip at most from each end
        bool stripFirstPrefix = true;     // Metaspace: prepend_scheme is not "never"
    };
    void add(const nlohmann::json& node, const std::string& field, const TokenizerJson& file);
    static void apply(const Step& step, std::vector<std::string>& tokens);

    bool present_ = false;
    std::vector<Step> steps_;
};

}  // namespace cb
