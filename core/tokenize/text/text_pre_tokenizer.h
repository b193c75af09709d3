#pragma once

#include "core/tokenize/text/pretoken_scanners.h"
#include "core/tokenize/text/tokenizer_json.h"

#include <string>
#include <string_view>
#include <vector>

namespace cb {

// The pre-tokenizers of the supported families, in any Sequence: ByteLevel (GPT-2 regex or none),
// Split with the GPT-2 or Llama-3 regex and Isolated behaviour, and Metaspace. Each cuts a piece of
// text into the words the BPE model encodes one at a time.
class TextPreTokenizer {
public:
    // `config` is the file's "pre_tokenizer" (null: the whole piece is one word).
    static TextPreTokenizer fromJson(const nlohmann::json& config, const TokenizerJson& file);

    // Appends the words of `piece`, a stretch of input between added tokens after normalisation.
    // `atTextStart` says whether the piece starts at the beginning of the input (Metaspace's
    // prepend_scheme "first" adds its "▁" only there).
    void split(std::string_view piece, bool atTextStart, std::vector<std::string>& words) const;

    bool usesByteLevel() const;
    // Whether the first piece of a text is split differently from the same words later on: Metaspace
    // prepends "▁" (scheme first or always), ByteLevel's add_prefix_space a space.
    bool marksTextStart() const;
    // Whether cutting a text anywhere leaves every split but the one at the cut unchanged: only
    // Metaspace steps that mark the text start at most once (prepend scheme "first" or "never").
    bool splitsIgnoreCuts() const;
    std::string describe() const;

private:
    enum class PrependScheme { Always, First, Never };
    struct Step {
        enum class Kind { ByteLevel, Split, Metaspace } kind;
        SplitPattern pattern = SplitPattern::Gpt2;  // Split, and ByteLevel when useRegex
        bool addPrefixSpace = false;                 // ByteLevel
        bool useRegex = false;                       // ByteLevel
        std::string replacement;                     // Metaspace
        PrependScheme prependScheme = PrependScheme::Always;
        bool splitOnReplacement = true;              // Metaspace
    };
    void add(const nlohmann::json& node, const std::string& field, const TokenizerJson& file);
    void run(std::size_t step, std::string_view piece, bool atTextStart, std::vector<std::string>& words) const;

    std::vector<Step> steps_;
};

}  // namespace cb
