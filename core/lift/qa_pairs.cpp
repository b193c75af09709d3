#include "core/lift/qa_pairs.h"

#include "core/common/text_file.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <stdexcept>

namespace cb {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

// Sentences end at ". ", "? ", "! " or a line break; a decimal point ("12.5") does not end one.
std::vector<std::string_view> sentences(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool lineEnd = c == '\n';
        const bool stop = (c == '.' || c == '?' || c == '!') && (i + 1 == text.size() || isSpace(text[i + 1]));
        if (!lineEnd && !stop) continue;
        const auto piece = trim(text.substr(start, i + (stop ? 1 : 0) - start));
        if (!piece.empty()) out.push_back(piece);
        start = i + 1;
    }
    const auto rest = trim(text.substr(std::min(start, text.size())));
    if (!rest.empty()) out.push_back(rest);
    return out;
}

}  // namespace

std::vector<QaPair> parseQaJsonl(std::string_view text, const std::string& sourceName) {
    std::vector<QaPair> pairs;
    std::size_t lineNumber = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto newline = text.find('\n', pos);
        const auto line = trim(text.substr(pos, newline == std::string_view::npos ? std::string_view::npos : newline - pos));
        ++lineNumber;
        pos = newline == std::string_view::npos ? text.size() + 1 : newline + 1;
        if (line.empty()) continue;
        const auto where = sourceName + ":" + std::to_string(lineNumber) + ": ";
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::parse_error& e) {
            throw std::runtime_error(where + "not a JSON object (" + std::string(e.what()) + ")");
        }
        if (!j.is_object()) throw std::runtime_error(where + "expected a JSON object with \"question\" and \"answer\"");
        for (const char* key : {"question", "answer"}) {
            if (!j.contains(key) || !j[key].is_string() || trim(j[key].get<std::string>()).empty())
                throw std::runtime_error(where + "\"" + key + "\" must be a non-empty string");
        }
        QaPair qa{j["question"].get<std::string>(), j["answer"].get<std::string>(), {}};
        if (j.contains("evidence") && j["evidence"].is_string()) qa.evidence = j["evidence"].get<std::string>();
        pairs.push_back(std::move(qa));
    }
    return pairs;
}

std::vector<QaPair> readQaJsonl(const std::filesystem::path& path) {
    return parseQaJsonl(readTextFile(path.string(), "QA file"), path.string());
}

std::vector<QaPair> clozeQuestions(std::string_view document, std::size_t limit, std::size_t minWords) {
    std::vector<QaPair> candidates;
    for (auto sentence : sentences(document)) {
        auto body = sentence;
        while (!body.empty() && (body.back() == '.' || body.back() == '!' || body.back() == '?')) body.remove_suffix(1);
        const auto cut = body.find_last_of(" \t");
        if (cut == std::string_view::npos) continue;
        const auto last = body.substr(cut + 1);
        if (last.empty() || !std::isalnum(static_cast<unsigned char>(last.back()))) continue;
        std::size_t words = 1;
        for (std::size_t i = 0; i < cut; ++i) words += isSpace(body[i]) && !isSpace(body[i + 1]) ? 1 : 0;
        if (words < minWords) continue;
        candidates.push_back({std::string(trim(body.substr(0, cut))), std::string(last), std::string(sentence)});
    }
    if (limit == 0 || candidates.size() <= limit) return candidates;
    std::vector<QaPair> chosen;
    chosen.reserve(limit);
    for (std::size_t k = 0; k < limit; ++k) chosen.push_back(candidates[k * candidates.size() / limit]);
    return chosen;
}

std::string normalizeAnswer(std::string_view answer) {
    std::string out;
    bool pendingSpace = false;
    for (char c : trim(answer)) {
        if (isSpace(c)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) out.push_back(' ');
        pendingSpace = false;
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    while (!out.empty() && (out.back() == '.' || out.back() == ',' || out.back() == ';' || out.back() == ':' || out.back() == '!' || out.back() == '?'))
        out.pop_back();
    return out;
}

bool answersMatch(std::string_view predicted, std::string_view reference) {
    const auto ref = normalizeAnswer(reference);
    return !ref.empty() && normalizeAnswer(predicted) == ref;
}

}  // namespace cb
