#include "core/tokenize/text/text_pre_tokenizer.h"

#include "core/tokenize/text/byte_level_alphabet.h"

namespace cb {

TextPreTokenizer TextPreTokenizer::fromJson(const nlohmann::json& config, const TokenizerJson& file) {
    TextPreTokenizer p;
    if (!config.is_null()) p.add(config, "pre_tokenizer", file);
    return p;
}

void TextPreTokenizer::add(const nlohmann::json& node, const std::string& field, const TokenizerJson& file) {
    const std::string type = file.typeOf(node, field);
    Step step{};
    if (type == "Sequence") {
        const auto& list = file.array(node, "pretokenizers", field);
        for (std::size_t i = 0; i < list.size(); ++i) add(list[i], field + ".pretokenizers[" + std::to_string(i) + "]", file);
        return;
    }
    if (type == "ByteLevel") {
        step.kind = Step::Kind::ByteLevel;
        step.addPrefixSpace = file.flag(node, "add_prefix_space", field, true);
        step.useRegex = file.flag(node, "use_regex", field, true);
    } else if (type == "Split") {
        step.kind = Step::Kind::Split;
        bool isRegex = false;
        const std::string regex = file.pattern(node, field, true, isRegex);
        const auto known = isRegex ? splitPatternFromRegex(regex) : std::nullopt;
        if (!known) file.fail(field + ".pattern", "'" + regex + "' is not supported (only the GPT-2 and Llama-3 regexes)");
        step.pattern = *known;
        const std::string behavior = file.text(node, "behavior", field);
        if (behavior != "Isolated") file.fail(field + ".behavior", "'" + behavior + "' is not supported (only Isolated)");
        if (file.flag(node, "invert", field, false)) file.fail(field + ".invert", "true is not supported");
    } else if (type == "Metaspace") {
        step.kind = Step::Kind::Metaspace;
        step.replacement = file.text(node, "replacement", field);
        if (step.replacement.empty()) file.fail(field + ".replacement", "must not be empty");
        step.splitOnReplacement = file.flag(node, "split", field, true);
        const auto* scheme = TokenizerJson::find(node, "prepend_scheme");
        const std::string name = scheme && scheme->is_string() ? scheme->get<std::string>() : "always";
        if (name == "always") step.prependScheme = PrependScheme::Always;
        else if (name == "first") step.prependScheme = PrependScheme::First;
        else if (name == "never") step.prependScheme = PrependScheme::Never;
        else file.fail(field + ".prepend_scheme", "'" + name + "' is not supported");
        // Older files say add_prefix_space instead; false means never, as HF reads it.
        if (!file.flag(node, "add_prefix_space", field, true)) {
            if (scheme && step.prependScheme != PrependScheme::Never)
                file.fail(field + ".add_prefix_space", "false contradicts prepend_scheme '" + name + "'");
            step.prependScheme = PrependScheme::Never;
        }
    } else {
        file.unsupportedType(field, type);
    }
    steps_.push_back(std::move(step));
}

void TextPreTokenizer::split(std::string_view piece, bool atTextStart, std::vector<std::string>& words) const {
    run(0, piece, atTextStart, words);
}

// Applies steps_[step..] to one piece. Pieces are views while a step only cuts and become strings
// where a step rewrites text, so most words are copied once.
void TextPreTokenizer::run(std::size_t index, std::string_view piece, bool atTextStart,
                           std::vector<std::string>& words) const {
    // HF drops empty splits before every step, so an empty piece never gets a prefix space.
    if (piece.empty()) return;
    if (index == steps_.size()) {
        words.emplace_back(piece);
        return;
    }
    const Step& step = steps_[index];
    std::vector<std::string_view> parts;
    switch (step.kind) {
        case Step::Kind::Split:
            scanPreTokens(step.pattern, piece, parts);
            for (std::size_t i = 0; i < parts.size(); ++i) run(index + 1, parts[i], atTextStart && i == 0, words);
            return;
        case Step::Kind::ByteLevel: {
            std::string spaced;
            if (step.addPrefixSpace && piece.front() != ' ') {
                spaced.reserve(piece.size() + 1);
                spaced.push_back(' ');
                spaced.append(piece);
                piece = spaced;
            }
            if (step.useRegex) scanPreTokens(SplitPattern::Gpt2, piece, parts);
            else parts.push_back(piece);
            std::string mapped;
            for (std::size_t i = 0; i < parts.size(); ++i) {
                mapped.clear();
                appendByteLevel(mapped, parts[i]);
                run(index + 1, mapped, atTextStart && i == 0, words);
            }
            return;
        }
        case Step::Kind::Metaspace: {
            std::string text;
            text.reserve(piece.size() + step.replacement.size());
            for (const char c : piece) {
                if (c == ' ') text += step.replacement;
                else text.push_back(c);
            }
            // The prefix goes on after spaces became replacements, so a leading space counts as one.
            const bool prepend = step.prependScheme == PrependScheme::Always ||
                                 (step.prependScheme == PrependScheme::First && atTextStart);
            if (prepend && text.compare(0, step.replacement.size(), step.replacement) != 0) text.insert(0, step.replacement);
            if (!step.splitOnReplacement) {
                run(index + 1, text, atTextStart, words);
                return;
            }
            // Split before each replacement character, which stays with the word it starts.
            const std::string_view view = text;
            std::size_t start = 0;
            for (std::size_t at = view.find(step.replacement, 1); at != std::string_view::npos;
                 at = view.find(step.replacement, at + step.replacement.size())) {
                run(index + 1, view.substr(start, at - start), atTextStart && start == 0, words);
                start = at;
            }
            run(index + 1, view.substr(start), atTextStart && start == 0, words);
            return;
        }
    }
}

bool TextPreTokenizer::usesByteLevel() const {
    for (const auto& s : steps_)
        if (s.kind == Step::Kind::ByteLevel) return true;
    return false;
}

std::string TextPreTokenizer::describe() const {
    std::string out;
    for (const auto& s : steps_) {
        if (!out.empty()) out += " + ";
        switch (s.kind) {
            case Step::Kind::ByteLevel: out += s.useRegex ? "ByteLevel(GPT-2 regex)" : "ByteLevel"; break;
            case Step::Kind::Split: out += s.pattern == SplitPattern::Gpt2 ? "Split(GPT-2 regex)" : "Split(Llama-3 regex)"; break;
            case Step::Kind::Metaspace: out += "Metaspace"; break;
        }
    }
    return out.empty() ? "none" : out;
}

bool TextPreTokenizer::splitsIgnoreCuts() const {
    for (const auto& step : steps_)
        if (step.kind != Step::Kind::Metaspace || step.prependScheme == PrependScheme::Always) return false;
    return true;
}

bool TextPreTokenizer::marksTextStart() const {
    for (const auto& step : steps_) {
        if (step.kind == Step::Kind::Metaspace && step.prependScheme != PrependScheme::Never) return true;
        if (step.kind == Step::Kind::ByteLevel && step.addPrefixSpace) return true;
    }
    return false;
}

}  // namespace cb
