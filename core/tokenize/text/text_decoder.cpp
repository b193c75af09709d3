#include "core/tokenize/text/text_decoder.h"

#include "core/tokenize/text/byte_level_alphabet.h"
#include "core/tokenize/text/utf8_text.h"

#include <optional>

namespace cb {
namespace {

constexpr const char* kReplacementChar = "\xEF\xBF\xBD";

// The byte a "<0xXX>" token stands for (HF accepts either case of hex digit).
std::optional<unsigned char> byteToken(const std::string& token) {
    if (token.size() != 6 || token.compare(0, 3, "<0x") != 0 || token[5] != '>') return std::nullopt;
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    const int hi = hex(token[3]), lo = hex(token[4]);
    if (hi < 0 || lo < 0) return std::nullopt;
    return static_cast<unsigned char>(hi * 16 + lo);
}

std::string replaceAll(const std::string& text, const std::string& pattern, const std::string& content) {
    std::string out;
    std::size_t from = 0;
    for (std::size_t at; (at = text.find(pattern, from)) != std::string::npos; from = at + pattern.size()) {
        out.append(text, from, at - from);
        out += content;
    }
    out.append(text, from, std::string::npos);
    return out;
}

}  // namespace

TextDecoder TextDecoder::fromJson(const nlohmann::json& config, const TokenizerJson& file) {
    TextDecoder d;
    if (!config.is_null()) {
        d.present_ = true;
        d.add(config, "decoder", file);
    }
    return d;
}

void TextDecoder::add(const nlohmann::json& node, const std::string& field, const TokenizerJson& file) {
    const std::string type = file.typeOf(node, field);
    Step step{};
    if (type == "Sequence") {
        const auto& list = file.array(node, "decoders", field);
        for (std::size_t i = 0; i < list.size(); ++i) add(list[i], field + ".decoders[" + std::to_string(i) + "]", file);
        return;
    }
    if (type == "ByteLevel") {
        step.kind = Step::Kind::ByteLevel;
    } else if (type == "Replace") {
        step.kind = Step::Kind::Replace;
        bool isRegex = false;
        step.pattern = file.pattern(node, field, false, isRegex);
        if (step.pattern.empty()) file.fail(field + ".pattern", "must not be empty");
        step.content = file.text(node, "content", field);
    } else if (type == "ByteFallback") {
        step.kind = Step::Kind::ByteFallback;
    } else if (type == "Fuse") {
        step.kind = Step::Kind::Fuse;
    } else if (type == "Strip") {
        step.kind = Step::Kind::Strip;
        step.content = file.text(node, "content", field);
        std::size_t i = 0;
        if (step.content.empty() || (nextCodePoint(step.content, i), i != step.content.size()))
            file.fail(field + ".content", "must be one character");
        const auto start = file.integer(node, "start", field), stop = file.integer(node, "stop", field);
        if (start < 0 || stop < 0) file.fail(field, "start and stop must not be negative");
        step.start = std::size_t(start);
        step.stop = std::size_t(stop);
    } else if (type == "Metaspace") {
        step.kind = Step::Kind::Metaspace;
        step.pattern = file.text(node, "replacement", field);
        const auto* scheme = TokenizerJson::find(node, "prepend_scheme");
        const bool never = (scheme && scheme->is_string() && scheme->get<std::string>() == "never") ||
                           !file.flag(node, "add_prefix_space", field, true);
        step.stripFirstPrefix = !never;
    } else {
        file.unsupportedType(field, type);
    }
    steps_.push_back(std::move(step));
}

void TextDecoder::apply(const Step& step, std::vector<std::string>& tokens) {
    switch (step.kind) {
        case Step::Kind::ByteLevel: {
            // Each token that is all byte-level characters becomes its bytes; any other (an added
            // token such as "<my token>") is kept as written. The bytes are read as UTF-8 at the end,
            // so a character split over tokens comes out whole and a cut one as U+FFFD.
            std::string bytes;
            for (const auto& token : tokens) {
                const std::size_t mark = bytes.size();
                bool all = true;
                for (std::size_t i = 0; i < token.size() && all;) {
                    const int b = byteLevelByte(nextCodePoint(token, i));
                    if (b < 0) all = false;
                    else bytes.push_back(static_cast<char>(b));
                }
                if (!all) {
                    bytes.resize(mark);
                    bytes += token;
                }
            }
            std::string text;
            std::size_t replaced = 0;
            appendSanitizedUtf8(text, bytes, replaced);
            tokens.assign(1, std::move(text));
            return;
        }
        case Step::Kind::Replace:
            for (auto& token : tokens) token = replaceAll(token, step.pattern, step.content);
            return;
        case Step::Kind::ByteFallback: {
            // Runs of <0xXX> tokens become their UTF-8 text; a run that is not valid UTF-8 becomes
            // one U+FFFD per byte token (HF's rule, unlike the byte-level decoder's).
            std::vector<std::string> out;
            std::string pending;
            auto flush = [&] {
                if (pending.empty()) return;
                std::string text;
                std::size_t replaced = 0;
                appendSanitizedUtf8(text, pending, replaced);
                if (replaced == 0) out.push_back(std::move(text));
                else
                    for (std::size_t i = 0; i < pending.size(); ++i) out.emplace_back(kReplacementChar);
                pending.clear();
            };
            for (auto& token : tokens) {
                if (const auto b = byteToken(token)) {
                    pending.push_back(static_cast<char>(*b));
                    continue;
                }
                flush();
                out.push_back(std::move(token));
            }
            flush();
            tokens = std::move(out);
            return;
        }
        case Step::Kind::Fuse: {
            std::string all;
            for (const auto& token : tokens) all += token;
            tokens.assign(1, std::move(all));
            return;
        }
        case Step::Kind::Strip:
            for (auto& token : tokens) {
                const std::string& c = step.content;
                std::size_t begin = 0, end = token.size();
                for (std::size_t k = 0; k < step.start && token.compare(begin, c.size(), c) == 0; ++k) begin += c.size();
                for (std::size_t k = 0; k < step.stop && end >= begin + c.size() && token.compare(end - c.size(), c.size(), c) == 0; ++k)
                    end -= c.size();
                token = token.substr(begin, end - begin);
            }
            return;
        case Step::Kind::Metaspace:
            // HF drops every replacement character of the first token (not only a leading one) and
            // turns the others into spaces.
            for (std::size_t i = 0; i < tokens.size(); ++i)
                tokens[i] = replaceAll(tokens[i], step.pattern, i == 0 && step.stripFirstPrefix ? "" : " ");
            return;
    }
}

std::string TextDecoder::decode(std::vector<std::string> tokens) const {
    std::string out;
    if (!present_) {
        for (std::size_t i = 0; i < tokens.size(); ++i) out += (i ? " " : "") + tokens[i];
        return out;
    }
    for (const auto& step : steps_) apply(step, tokens);
    for (const auto& token : tokens) out += token;
    return out;
}

std::string TextDecoder::describe() const {
    static const char* const names[] = {"ByteLevel", "Replace", "ByteFallback", "Fuse", "Strip", "Metaspace"};
    std::string out;
    for (const auto& s : steps_) out += (out.empty() ? "" : " + ") + std::string(names[int(s.kind)]);
    return out.empty() ? "none" : out;
}

}  // namespace cb
