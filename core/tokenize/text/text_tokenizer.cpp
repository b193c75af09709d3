#include "core/tokenize/text/text_tokenizer.h"

#include "core/common/json_file.h"
#include "core/common/utf8.h"
#include "core/tokenize/text/added_vocabulary.h"
#include "core/tokenize/text/bpe_model.h"
#include "core/tokenize/text/template_post_processor.h"
#include "core/tokenize/text/text_decoder.h"
#include "core/tokenize/text/text_normalizer.h"
#include "core/tokenize/text/text_pre_tokenizer.h"
#include "core/tokenize/text/utf8_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_set>

namespace cb {

struct TextTokenizer::Impl {
    std::string source;
    TextNormalizer normalizer;
    TextPreTokenizer preTokenizer;
    BpeModel model;
    AddedVocabulary added;
    TemplatePostProcessor postProcessor;
    TextDecoder decoder;
    std::optional<std::int32_t> bos, eos;
    std::string json;
    // Every pair of neighbouring characters inside a token (UTF-8, concatenated); built at load for
    // tokenizers that mark the text start, the only ones that need it.
    std::unordered_set<std::string> tokenPairs;
    bool cutsPossible = false;

    void buildPairs() {
        cutsPossible = normalizer.mapsCodePointsAlone() && preTokenizer.splitsIgnoreCuts();
        if (!cutsPossible) return;
        auto add = [this](const std::string& token) {
            std::size_t previous = std::string::npos;
            for (std::size_t i = 0; i <= token.size(); ++i) {
                if (i < token.size() && (static_cast<unsigned char>(token[i]) & 0xC0) == 0x80) continue;
                if (previous != std::string::npos && i < token.size()) {
                    std::size_t end = i + 1;
                    while (end < token.size() && (static_cast<unsigned char>(token[end]) & 0xC0) == 0x80) ++end;
                    tokenPairs.insert(token.substr(previous, end - previous));
                }
                previous = i;
            }
        };
        for (std::int32_t id = 0; id <= model.maxId(); ++id)
            if (const auto* text = model.tokenText(id)) add(*text);
        for (const auto& token : added.tokens()) add(token.content);
    }

    // Normalised text between added tokens, pre-tokenised, through the model.
    void encodePiece(std::string_view piece, bool atTextStart, std::vector<std::int32_t>& ids) const {
        if (piece.empty()) return;
        std::vector<std::string> words;
        preTokenizer.split(piece, atTextStart, words);
        for (const auto& word : words) model.tokenize(word, ids);
    }

    const std::string* tokenText(std::int32_t id) const {
        if (const auto* a = added.byId(id)) return &a->content;
        return model.tokenText(id);
    }

    std::optional<std::int32_t> specialByName(std::initializer_list<const char*> names) const {
        for (const char* name : names)
            if (const auto id = added.idOf(name); id && added.isSpecial(name)) return id;
        return std::nullopt;
    }
};

TextTokenizer TextTokenizer::fromFile(const std::filesystem::path& path) {
    return fromJson(readJsonFile(path.string(), "tokenizer"), path.string());
}

TextTokenizer TextTokenizer::fromJson(const nlohmann::json& config, std::string sourceName) {
    const TokenizerJson file(sourceName);
    if (!config.is_object()) file.fail("top level", "must be a JSON object");
    if (const auto* version = TokenizerJson::find(config, "version"); version && *version != "1.0")
        file.fail("version", version->dump() + " is not supported (only \"1.0\")");
    // Both would change what encode returns; ContextBench cuts and pads token windows itself.
    for (const char* key : {"truncation", "padding"})
        if (TokenizerJson::find(config, key)) file.fail(key, "is set, which is not supported (it must be null)");
    const auto* model = TokenizerJson::find(config, "model");
    if (!model) file.fail("model", "is missing");
    auto member = [&](const char* key) -> const nlohmann::json& {
        static const nlohmann::json null;
        const auto* value = TokenizerJson::find(config, key);
        return value ? *value : null;
    };

    auto impl = std::make_shared<Impl>(Impl{sourceName, TextNormalizer::fromJson(member("normalizer"), file),
                                            TextPreTokenizer::fromJson(member("pre_tokenizer"), file),
                                            BpeModel::fromJson(*model, file), AddedVocabulary{},
                                            TemplatePostProcessor::fromJson(member("post_processor"), file),
                                            TextDecoder::fromJson(member("decoder"), file), std::nullopt, std::nullopt, {}, {}, false});
    impl->added = AddedVocabulary::fromJson(member("added_tokens"), impl->model, impl->normalizer, file);
    for (const auto id : impl->postProcessor.prefix())
        if (!impl->tokenText(id)) file.fail("post_processor", "adds id " + std::to_string(id) + ", which no token has");
    for (const auto id : impl->postProcessor.suffix())
        if (!impl->tokenText(id)) file.fail("post_processor", "adds id " + std::to_string(id) + ", which no token has");

    const auto& prefix = impl->postProcessor.prefix();
    const auto& suffix = impl->postProcessor.suffix();
    impl->bos = prefix.size() == 1 ? std::optional(prefix[0])
                                   : impl->specialByName({"<s>", "<|begin_of_text|>", "<bos>", "<|startoftext|>", "[BOS]", "<|endoftext|>"});
    impl->eos = suffix.size() == 1 ? std::optional(suffix[0])
                                   : impl->specialByName({"</s>", "<|end_of_text|>", "<eos>", "<|endoftext|>", "[EOS]"});
    impl->json = config.dump();
    if (!impl->normalizer.empty() || impl->preTokenizer.marksTextStart()) impl->buildPairs();
    return TextTokenizer(std::move(impl));
}

const std::string& TextTokenizer::json() const { return impl_->json; }

bool TextTokenizer::marksTextStart() const { return !impl_->normalizer.empty() || impl_->preTokenizer.marksTextStart(); }

std::vector<std::int32_t> TextTokenizer::encode(std::string_view text, bool addSpecialTokens) const {
    std::size_t replaced = 0;
    return encode(text, addSpecialTokens, replaced);
}

bool TextTokenizer::cutsCleanlyAt(std::string_view text, std::size_t at) const {
    const Impl& t = *impl_;
    if (!t.cutsPossible || at == 0 || at >= text.size()) return false;
    auto continuation = [&](std::size_t i) { return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; };
    if (continuation(at)) return false;  // inside a character
    std::size_t begin = at - 1, end = at + 1;
    while (begin > 0 && continuation(begin)) --begin;
    while (end < text.size() && continuation(end)) ++end;
    const auto pair = t.normalizer.mapCodePoint(text.substr(begin, at - begin)) + t.normalizer.mapCodePoint(text.substr(at, end - at));
    return !t.tokenPairs.contains(pair);
}

std::vector<std::int32_t> TextTokenizer::encodeContinuation(std::string_view text) const {
    std::size_t replaced = 0;
    return encodeText(text, false, replaced, true);
}

std::vector<std::int32_t> TextTokenizer::encode(std::string_view input, bool addSpecialTokens,
                                                std::size_t& replacedBytes) const {
    return encodeText(input, addSpecialTokens, replacedBytes, false);
}

std::vector<std::int32_t> TextTokenizer::encodeText(std::string_view input, bool addSpecialTokens, std::size_t& replacedBytes,
                                                    bool continuation) const {
    const Impl& t = *impl_;
    replacedBytes = 0;
    std::string sanitized;
    std::string_view text = input;
    if (!isValidUtf8(input)) {
        sanitized = sanitizeUtf8(input, replacedBytes);
        text = sanitized;
    }

    std::vector<std::int32_t> ids;
    ids.reserve(text.size() / 3 + 8);
    if (addSpecialTokens) ids = t.postProcessor.prefix();

    // HF's order: added tokens matched on the raw text, the rest normalised, added tokens matched on
    // that, then pre-tokenisation and the model on what is left.
    std::vector<AddedSplit> rawSplits, normalizedSplits;
    if (t.added.rawMatcher().empty()) rawSplits.push_back({0, text.size(), -1});
    else t.added.rawMatcher().split(text, rawSplits);
    std::string normalized;
    for (const auto& split : rawSplits) {
        if (split.id >= 0) {
            ids.push_back(split.id);
            continue;
        }
        std::string_view piece = text.substr(split.offset, split.length);
        if (piece.empty()) continue;
        const bool atTextStart = split.offset == 0 && !continuation;
        if (!t.normalizer.empty()) {
            // HF normalises every split between added tokens, each with its Prepend.
            normalized = t.normalizer.apply(piece, !(continuation && split.offset == 0));
            piece = normalized;
        }
        if (t.added.normalizedMatcher().empty()) {
            t.encodePiece(piece, atTextStart, ids);
            continue;
        }
        normalizedSplits.clear();
        t.added.normalizedMatcher().split(piece, normalizedSplits);
        for (const auto& sub : normalizedSplits) {
            if (sub.id >= 0) ids.push_back(sub.id);
            else t.encodePiece(piece.substr(sub.offset, sub.length), atTextStart && sub.offset == 0, ids);
        }
    }

    if (addSpecialTokens) ids.insert(ids.end(), t.postProcessor.suffix().begin(), t.postProcessor.suffix().end());
    return ids;
}

std::string TextTokenizer::decode(const std::vector<std::int32_t>& ids, bool skipSpecialTokens) const {
    const Impl& t = *impl_;
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (const auto id : ids) {
        const std::string* text = t.tokenText(id);
        if (!text) continue;
        if (skipSpecialTokens && t.added.isSpecial(*text)) continue;
        tokens.push_back(*text);
    }
    return t.decoder.decode(std::move(tokens));
}

int TextTokenizer::vocabSize() const {
    std::int32_t maxId = impl_->model.maxId();
    for (const auto& token : impl_->added.tokens()) maxId = std::max(maxId, token.id);
    return int(maxId) + 1;
}

std::optional<std::int32_t> TextTokenizer::tokenId(std::string_view token) const {
    if (const auto id = impl_->added.idOf(token)) return id;
    return impl_->model.tokenId(token);
}

std::optional<std::string> TextTokenizer::tokenText(std::int32_t id) const {
    if (const auto* text = impl_->tokenText(id)) return *text;
    return std::nullopt;
}

bool TextTokenizer::isSpecial(std::int32_t id) const {
    const auto* text = impl_->tokenText(id);
    return text && impl_->added.isSpecial(*text);
}

std::optional<std::int32_t> TextTokenizer::bosId() const { return impl_->bos; }
std::optional<std::int32_t> TextTokenizer::eosId() const { return impl_->eos; }
const std::string& TextTokenizer::sourceName() const { return impl_->source; }

std::string TextTokenizer::describe() const {
    const Impl& t = *impl_;
    const std::string kind = t.model.byteFallback() ? "byte-fallback BPE"
                             : t.preTokenizer.usesByteLevel() ? "byte-level BPE"
                                                               : "BPE";
    auto name = [&](const std::optional<std::int32_t>& id) {
        return id ? "'" + *t.tokenText(*id) + "' (" + std::to_string(*id) + ")" : std::string("none");
    };
    std::string out = kind + ", vocab size " + std::to_string(vocabSize()) + " (" + std::to_string(t.added.tokens().size()) +
                      " added tokens), BOS " + name(t.bos) + ", EOS " + name(t.eos) + "; " + t.model.describe();
    if (!t.normalizer.empty()) out += "; normalizer " + t.normalizer.describe();
    out += "; pre-tokenizer " + t.preTokenizer.describe() + "; post-processor " + t.postProcessor.describe() +
           "; decoder " + t.decoder.describe() + " [" + t.source + "]";
    return out;
}

}  // namespace cb
