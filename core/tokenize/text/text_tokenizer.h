#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cb {

// A Hugging Face tokenizer.json of the GPT-2 (byte-level BPE, GPT-2 regex), Llama-3 (byte-level BPE,
// Llama-3 regex, ignore_merges) or Llama-2 / Mistral (byte-fallback BPE with "▁" for spaces) family,
// plus ContextBench's own byte tokenizer (byte_tokenizer.h). Encodes and decodes exactly as HF
// tokenizers 0.21 does; tests/data/text_tokenizers holds the fixtures that check it. Any setting in the
// file that this class cannot reproduce is rejected when loading, with a cb::Error naming the file and
// the field, instead of tokenizing differently from the model's training.
//
// Copies share the loaded tables; every const member is safe to call from several threads.
class TextTokenizer {
public:
    static TextTokenizer fromFile(const std::filesystem::path& path);
    // `sourceName` stands for the file in error messages and describe().
    static TextTokenizer fromJson(const nlohmann::json& config, std::string sourceName);

    // The ids of `text`. addSpecialTokens adds what the post-processor's template adds (Llama's BOS;
    // GPT-2's files add nothing). Special tokens written in the text are always recognised, as in HF.
    // Ill-formed UTF-8 is first replaced with U+FFFD per maximal bad sequence; the second overload
    // reports how many bytes that replaced.
    std::vector<std::int32_t> encode(std::string_view text, bool addSpecialTokens) const;
    std::vector<std::int32_t> encode(std::string_view text, bool addSpecialTokens, std::size_t& replacedBytes) const;

    // The text of `ids`; ids that are neither in the vocabulary nor added tokens are dropped, as HF does.
    std::string decode(const std::vector<std::int32_t>& ids, bool skipSpecialTokens) const;

    // Largest id in the model vocabulary or the added tokens, plus one: the embedding rows a model needs.
    int vocabSize() const;
    // Added tokens first, then the model vocabulary (HF's order).
    std::optional<std::int32_t> tokenId(std::string_view token) const;
    std::optional<std::string> tokenText(std::int32_t id) const;
    bool isSpecial(std::int32_t id) const;

    // BOS: the single token the post-processor's template puts before the text; without one, the first
    // of <s>, <|begin_of_text|>, <bos>, <|startoftext|>, [BOS], <|endoftext|> that is a special added
    // token. EOS: the single token the template puts after the text; without one, the first of </s>,
    // <|end_of_text|>, <eos>, <|endoftext|>, [EOS] that is a special added token. (GPT-2 uses
    // <|endoftext|> for both; Llama-3 base models end with <|end_of_text|>, not the chat <|eot_id|>.)
    std::optional<std::int32_t> bosId() const;
    std::optional<std::int32_t> eosId() const;

    // The tokenizer.json this was loaded from, re-serialised: written beside a model saved from it.
    const std::string& json() const;
    // Whether text at the very start is treated differently (Llama-2's Prepend("▁"), Metaspace
    // "first"): then a text cut into pieces does not encode to the ids of the whole.
    bool marksTextStart() const;

    // For tokenizers that mark the text start: whether the text may be cut at byte `at` and its
    // pieces encoded apart (the first with encode, the rest with encodeContinuation) to the ids of
    // the whole. True when no token, added ones included, holds the two characters around the cut side
    // by side (so no merge can cross it) and the normalizer and pre-tokenizer act on characters alone.
    bool cutsCleanlyAt(std::string_view text, std::size_t at) const;
    // Encodes text that continues an earlier piece: no start-of-text mark, no special tokens.
    std::vector<std::int32_t> encodeContinuation(std::string_view text) const;

    // One line: family, vocabulary size, BOS/EOS and the pipeline, e.g. for `model info`.
    std::string describe() const;
    const std::string& sourceName() const;

private:
    std::vector<std::int32_t> encodeText(std::string_view text, bool addSpecialTokens, std::size_t& replacedBytes,
                                         bool continuation) const;

    struct Impl;
    explicit TextTokenizer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
};

}  // namespace cb
