#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>

namespace cb {

// The tokenizer of models trained inside ContextBench on raw text: one token per byte, ids 0..255 in
// byte order (id b is byte b, spelt as GPT-2's byte-level character for b, so the file is ordinary
// byte-level BPE with no merges), then <pad>, <bos> and <eos>. encode(text, true) starts with <bos>.
inline constexpr std::int32_t kByteTokenizerPad = 256;
inline constexpr std::int32_t kByteTokenizerBos = 257;
inline constexpr std::int32_t kByteTokenizerEos = 258;
inline constexpr int kByteTokenizerVocabSize = 259;

// Its tokenizer.json, exactly as HF tokenizers 0.21 writes it (so HF loads it, and TextTokenizer too).
nlohmann::json makeByteTokenizerJson();

}  // namespace cb
