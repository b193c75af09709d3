#pragma once

#include "core/tokenize/text/tokenizer_json.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cb {

// A Hugging Face BPE model: vocabulary, ranked merges, unk_token / fuse_unk, byte_fallback to
// <0xXX> tokens and ignore_merges. Encoding a word follows HF's algorithm exactly (the lowest-ranked
// merge present, leftmost first, until none applies), because a different but "equally valid"
// segmentation would give a model ids it never saw in training.
class BpeModel {
public:
    static BpeModel fromJson(const nlohmann::json& model, const TokenizerJson& file);

    BpeModel(BpeModel&&) noexcept;
    BpeModel& operator=(BpeModel&&) noexcept;
    ~BpeModel();

    // Appends the ids of one pre-tokenized word. Thread-safe.
    void tokenize(std::string_view word, std::vector<std::int32_t>& out) const;

    std::optional<std::int32_t> tokenId(std::string_view token) const;
    // The token with this id, or nullptr.
    const std::string* tokenText(std::int32_t id) const;
    // Entries in the vocabulary (HF's model vocab size, which assigns ids to new added tokens).
    std::size_t entryCount() const { return vocab_.size(); }
    std::int32_t maxId() const { return static_cast<std::int32_t>(tokenOfId_.size()) - 1; }
    bool byteFallback() const { return byteFallback_; }
    std::string describe() const;

private:
    BpeModel();

    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using Vocab = std::unordered_map<std::string, std::int32_t, StringHash, std::equal_to<>>;
    struct Merge {
        std::uint32_t rank;
        std::int32_t merged;
    };
    struct WordCache;

    static std::uint64_t pairKey(std::int32_t a, std::int32_t b) {
        return (std::uint64_t(std::uint32_t(a)) << 32) | std::uint32_t(b);
    }
    void mergeWord(std::string_view word, std::vector<std::int32_t>& out) const;

    Vocab vocab_;
    std::vector<std::optional<std::string>> tokenOfId_;
    std::unordered_map<std::uint64_t, Merge> merges_;
    std::optional<std::int32_t> unkId_;
    bool fuseUnk_ = false;
    bool byteFallback_ = false;
    bool ignoreMerges_ = false;
    std::array<std::int32_t, 256> byteTokenIds_{};  // id of "<0xXX>" per byte, -1 where absent
    std::unique_ptr<WordCache> cache_;
};

}  // namespace cb
