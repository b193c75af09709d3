#include "core/tokenize/text/bpe_model.h"

#include "core/tokenize/text/utf8_text.h"

#include <cstdio>
#include <functional>
#include <mutex>
#include <queue>
#include <shared_mutex>
#include <tuple>

namespace cb {

// Words repeat heavily in text, so HF keeps the last segmentations; same bounds as HF (10,000 words
// under 256 bytes), and like HF the cache stops taking words once full rather than evicting.
struct BpeModel::WordCache {
    static constexpr std::size_t kCapacity = 10000;
    static constexpr std::size_t kMaxWordBytes = 256;
    mutable std::shared_mutex mutex;
    std::unordered_map<std::string, std::vector<std::int32_t>, StringHash, std::equal_to<>> words;
};

BpeModel::BpeModel() : cache_(std::make_unique<WordCache>()) {}
BpeModel::BpeModel(BpeModel&&) noexcept = default;
BpeModel& BpeModel::operator=(BpeModel&&) noexcept = default;
BpeModel::~BpeModel() = default;

namespace {

constexpr std::int64_t kMaxTokenId = (std::int64_t(1) << 24) - 1;  // far above any real vocabulary

// The two tokens of merges[i], which files write as "a b" or, since tokenizers 0.20, as ["a", "b"].
std::pair<std::string, std::string> mergePair(const nlohmann::json& entry, const std::string& field,
                                              const TokenizerJson& file) {
    if (entry.is_array() && entry.size() == 2 && entry[0].is_string() && entry[1].is_string())
        return {entry[0].get<std::string>(), entry[1].get<std::string>()};
    if (entry.is_string()) {
        const auto text = entry.get<std::string>();
        const auto space = text.find(' ');
        if (space != std::string::npos && text.find(' ', space + 1) == std::string::npos)
            return {text.substr(0, space), text.substr(space + 1)};
    }
    file.fail(field, "must be \"a b\" or [\"a\", \"b\"]");
}

}  // namespace

BpeModel BpeModel::fromJson(const nlohmann::json& model, const TokenizerJson& file) {
    const std::string type = file.typeOf(model, "model");
    if (type != "BPE") file.unsupportedType("model", type);
    BpeModel m;

    if (const auto* dropout = TokenizerJson::find(model, "dropout"); dropout && !(dropout->is_number() && *dropout == 0))
        file.fail("model.dropout", "is not supported (it makes encoding random)");
    for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"}) {
        const auto* value = TokenizerJson::find(model, key);
        if (value && !(value->is_string() && value->get<std::string>().empty()))
            file.fail(std::string("model.") + key, value->dump() + " is not supported");
    }
    m.fuseUnk_ = file.flag(model, "fuse_unk", "model", false);
    m.byteFallback_ = file.flag(model, "byte_fallback", "model", false);
    m.ignoreMerges_ = file.flag(model, "ignore_merges", "model", false);

    const auto& vocab = file.object(model, "vocab", "model");
    m.vocab_.reserve(vocab.size());
    for (const auto& [token, id] : vocab.items()) {
        if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() > kMaxTokenId)
            file.fail("model.vocab['" + token + "']", "must be an id between 0 and " + std::to_string(kMaxTokenId));
        const auto value = id.get<std::int32_t>();
        m.vocab_[token] = value;
        if (m.tokenOfId_.size() <= std::size_t(value)) m.tokenOfId_.resize(std::size_t(value) + 1);
        m.tokenOfId_[std::size_t(value)] = token;
    }

    const auto& merges = file.array(model, "merges", "model");
    m.merges_.reserve(merges.size());
    std::uint32_t rank = 0;
    for (std::size_t i = 0; i < merges.size(); ++i) {
        // HF skips the "#version" header that merges.txt files carry, even inside tokenizer.json.
        if (merges[i].is_string() && merges[i].get<std::string>().rfind("#version", 0) == 0) continue;
        const std::string field = "model.merges[" + std::to_string(i) + "]";
        const auto [a, b] = mergePair(merges[i], field, file);
        auto idOf = [&](const std::string& token) {
            const auto it = m.vocab_.find(token);
            if (it == m.vocab_.end()) file.fail(field, "names '" + token + "', which is not in model.vocab");
            return it->second;
        };
        const auto left = idOf(a), right = idOf(b), merged = idOf(a + b);
        // Like HF, a repeated pair keeps its last rank.
        m.merges_[pairKey(left, right)] = Merge{rank++, merged};
    }

    if (const auto* unk = TokenizerJson::find(model, "unk_token")) {
        if (!unk->is_string()) file.fail("model.unk_token", "must be a string");
        const auto it = m.vocab_.find(unk->get<std::string>());
        if (it == m.vocab_.end()) file.fail("model.unk_token", "'" + unk->get<std::string>() + "' is not in model.vocab");
        m.unkId_ = it->second;
    }
    for (unsigned b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        const auto it = m.vocab_.find(std::string_view(name));
        m.byteTokenIds_[b] = it == m.vocab_.end() ? -1 : it->second;
    }
    return m;
}

std::optional<std::int32_t> BpeModel::tokenId(std::string_view token) const {
    const auto it = vocab_.find(token);
    if (it == vocab_.end()) return std::nullopt;
    return it->second;
}

const std::string* BpeModel::tokenText(std::int32_t id) const {
    if (id < 0 || std::size_t(id) >= tokenOfId_.size() || !tokenOfId_[std::size_t(id)]) return nullptr;
    return &*tokenOfId_[std::size_t(id)];
}

void BpeModel::tokenize(std::string_view word, std::vector<std::int32_t>& out) const {
    if (word.empty()) return;
    if (ignoreMerges_) {
        // Llama-3: a word that is itself a token is taken whole, whatever the merges would build.
        if (const auto it = vocab_.find(word); it != vocab_.end()) {
            out.push_back(it->second);
            return;
        }
    }
    const bool cacheable = word.size() < WordCache::kMaxWordBytes;
    if (cacheable) {
        std::shared_lock lock(cache_->mutex);
        if (const auto it = cache_->words.find(word); it != cache_->words.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    const std::size_t first = out.size();
    mergeWord(word, out);
    if (cacheable) {
        std::unique_lock lock(cache_->mutex);
        if (cache_->words.size() < WordCache::kCapacity)
            cache_->words.try_emplace(std::string(word), out.begin() + std::ptrdiff_t(first), out.end());
    }
}

void BpeModel::mergeWord(std::string_view word, std::vector<std::int32_t>& out) const {
    struct Symbol {
        std::int32_t id;
        std::int32_t prev;
        std::int32_t next;
        bool alive;
    };
    std::vector<Symbol> symbols;
    symbols.reserve(word.size());
    auto push = [&](std::int32_t id) {
        const auto index = std::int32_t(symbols.size());
        symbols.push_back({id, index - 1, -1, true});
        if (index > 0) symbols[std::size_t(index) - 1].next = index;
    };

    // One symbol per character; a character outside the vocabulary becomes its <0xXX> byte tokens
    // (byte_fallback) or unk_token, consecutive unknowns fused into one with fuse_unk.
    std::int32_t pendingUnk = -1;  // an unknown not yet pushed, so fuse_unk can extend it
    for (std::size_t i = 0; i < word.size();) {
        const std::size_t len = utf8SequenceLength(static_cast<unsigned char>(word[i]));
        const std::string_view ch = word.substr(i, len);
        i += len;
        if (const auto it = vocab_.find(ch); it != vocab_.end()) {
            if (pendingUnk >= 0) {
                push(pendingUnk);
                pendingUnk = -1;
            }
            push(it->second);
            continue;
        }
        if (byteFallback_) {
            bool all = true;
            for (const char c : ch) all = all && byteTokenIds_[static_cast<unsigned char>(c)] >= 0;
            if (all) {
                // As in HF, a pending unknown is not flushed here, so it lands after these bytes.
                for (const char c : ch) push(byteTokenIds_[static_cast<unsigned char>(c)]);
                continue;
            }
        }
        if (unkId_) {
            if (pendingUnk >= 0 && !fuseUnk_) push(pendingUnk);
            pendingUnk = *unkId_;
        }
        // Without unk_token HF drops the character.
    }
    if (pendingUnk >= 0) push(pendingUnk);
    if (merges_.empty()) {  // ContextBench's byte tokenizer: nothing to merge
        for (const auto& s : symbols) out.push_back(s.id);
        return;
    }

    // (rank, position, merged id): the lowest rank first, the leftmost on ties.
    using Candidate = std::tuple<std::uint32_t, std::int32_t, std::int32_t>;
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
    auto consider = [&](std::int32_t left) {
        const std::int32_t right = symbols[std::size_t(left)].next;
        if (right < 0) return;
        const auto it = merges_.find(pairKey(symbols[std::size_t(left)].id, symbols[std::size_t(right)].id));
        if (it != merges_.end()) queue.emplace(it->second.rank, left, it->second.merged);
    };
    for (std::int32_t i = 0; i + 1 < std::int32_t(symbols.size()); ++i) consider(i);
    while (!queue.empty()) {
        const std::int32_t pos = std::get<1>(queue.top()), merged = std::get<2>(queue.top());
        queue.pop();
        Symbol& left = symbols[std::size_t(pos)];
        if (!left.alive || left.next < 0) continue;
        Symbol& right = symbols[std::size_t(left.next)];
        // Skip entries made stale by an earlier merge (HF compares the merged id only).
        const auto it = merges_.find(pairKey(left.id, right.id));
        if (it == merges_.end() || it->second.merged != merged) continue;
        left.id = merged;
        right.alive = false;
        left.next = right.next;
        if (left.next >= 0) symbols[std::size_t(left.next)].prev = pos;
        if (left.prev >= 0) consider(left.prev);
        consider(pos);
    }
    for (const auto& s : symbols)
        if (s.alive) out.push_back(s.id);
}

std::string BpeModel::describe() const {
    std::string out = "BPE, " + std::to_string(vocab_.size()) + " tokens, " + std::to_string(merges_.size()) + " merges";
    if (byteFallback_) out += ", byte fallback";
    if (unkId_) out += ", unk " + *tokenOfId_[std::size_t(*unkId_)];
    if (ignoreMerges_) out += ", ignore_merges";
    return out;
}

}  // namespace cb
