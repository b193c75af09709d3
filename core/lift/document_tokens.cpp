#include "core/lift/document_tokens.h"

#include "core/lift/segment_plan.h"
#include "core/tokenize/text/text_tokenizer.h"
#include "core/tokenize/text/utf8_text.h"

#include <algorithm>
#include <cctype>

namespace cb {
namespace {

constexpr std::size_t kPiece = 256 * 1024;

bool asciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// The end of the next piece: the first safe boundary at or after `from + kPiece`, or the text's end.
// A line break after whitespace is not safe: GPT-2's `\s+(?!\S)` would take the run differently.
std::size_t pieceEnd(std::string_view text, std::size_t from) {
    for (std::size_t i = std::min(text.size(), from + kPiece); i < text.size(); ++i)
        if (text[i - 1] == '\n' && asciiAlnum(text[i]) && i >= 2 && !std::isspace(static_cast<unsigned char>(text[i - 2]))) return i;
    return text.size();
}

std::size_t cleanCutEnd(const TextTokenizer& tokenizer, std::string_view text, std::size_t from) {
    for (std::size_t i = std::min(text.size(), from + kPiece); i < text.size(); ++i)
        if (tokenizer.cutsCleanlyAt(text, i)) return i;
    return text.size();
}

std::string withThousands(std::int64_t v) {
    const auto digits = std::to_string(v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

}  // namespace

DocumentTokens tokenizeDocument(const TextTokenizer& tokenizer, std::string_view text, const JobContext& job) {
    DocumentTokens out;
    const auto clean = sanitizeUtf8(text, out.replacedBytes);
    const std::string_view all(clean);
    const bool marksStart = tokenizer.marksTextStart();
    for (std::size_t from = 0; from < all.size();) {
        job.throwIfCancelled();
        // A tokenizer that marks the text start (Llama-2's "▁") encodes the pieces after the first as
        // continuations, cut only where no token could span the cut; without such a place it
        // encodes the rest whole.
        const auto end = marksStart ? cleanCutEnd(tokenizer, all, from) : pieceEnd(all, from);
        const auto piece = all.substr(from, end - from);
        const auto ids = marksStart && from > 0 ? tokenizer.encodeContinuation(piece) : tokenizer.encode(piece, false);
        out.ids.insert(out.ids.end(), ids.begin(), ids.end());
        from = end;
        job.report("Tokenising", static_cast<double>(from) / static_cast<double>(all.size()));
    }
    return out;
}

std::string describeSegmentation(std::int64_t tokens, const LiftConfig& config) {
    const auto spans = planSegments(tokens, config.segmentLength, config.effectiveStride());
    return withThousands(tokens) + " tokens -> " + withThousands(static_cast<std::int64_t>(spans.size())) + " segment" +
           (spans.size() == 1 ? "" : "s") + " of " + std::to_string(config.segmentLength) + " tokens every " +
           std::to_string(config.effectiveStride()) + " (neighbours overlap by " +
           std::to_string(config.segmentLength - config.effectiveStride()) + ")";
}

}  // namespace cb
