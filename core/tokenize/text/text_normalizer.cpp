#include "core/tokenize/text/text_normalizer.h"

namespace cb {

TextNormalizer TextNormalizer::fromJson(const nlohmann::json& config, const TokenizerJson& file) {
    TextNormalizer n;
    if (!config.is_null()) n.add(config, "normalizer", file);
    return n;
}

void TextNormalizer::add(const nlohmann::json& node, const std::string& field, const TokenizerJson& file) {
    const std::string type = file.typeOf(node, field);
    if (type == "Sequence") {
        const auto& list = file.array(node, "normalizers", field);
        for (std::size_t i = 0; i < list.size(); ++i) add(list[i], field + ".normalizers[" + std::to_string(i) + "]", file);
    } else if (type == "Prepend") {
        steps_.push_back({Step::Kind::Prepend, {}, file.text(node, "prepend", field)});
    } else if (type == "Replace") {
        bool isRegex = false;
        std::string pattern = file.pattern(node, field, false, isRegex);
        if (pattern.empty()) file.fail(field + ".pattern", "must not be empty");
        steps_.push_back({Step::Kind::Replace, std::move(pattern), file.text(node, "content", field)});
    } else {
        file.unsupportedType(field, type);
    }
}

std::string TextNormalizer::apply(std::string_view text, bool prepend) const {
    std::string current(text);
    std::string next;
    for (const auto& step : steps_) {
        if (step.kind == Step::Kind::Prepend) {
            if (!prepend) continue;
            // HF prepends only to non-empty text, so a piece between two added tokens stays empty.
            if (!current.empty()) current.insert(0, step.content);
            continue;
        }
        next.clear();
        std::size_t from = 0;
        for (std::size_t at; (at = current.find(step.pattern, from)) != std::string::npos; from = at + step.pattern.size()) {
            next.append(current, from, at - from);
            next += step.content;
        }
        next.append(current, from, std::string::npos);
        current.swap(next);
    }
    return current;
}

std::string TextNormalizer::describe() const {
    std::string out;
    for (const auto& step : steps_) {
        if (!out.empty()) out += ", ";
        out += step.kind == Step::Kind::Prepend ? "Prepend('" + step.content + "')"
                                                : "Replace('" + step.pattern + "' -> '" + step.content + "')";
    }
    return out;
}

namespace {

std::size_t codePointCount(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

}  // namespace

bool TextNormalizer::mapsCodePointsAlone() const {
    for (const auto& step : steps_)
        if (step.kind == Step::Kind::Replace && (codePointCount(step.pattern) != 1 || codePointCount(step.content) != 1)) return false;
    return true;
}

std::string TextNormalizer::mapCodePoint(std::string_view codePoint) const {
    std::string current(codePoint);
    for (const auto& step : steps_)
        if (step.kind == Step::Kind::Replace && current == step.pattern) current = step.content;
    return current;
}

}  // namespace cb
