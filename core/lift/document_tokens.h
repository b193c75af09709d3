#pragma once

#include "core/jobs/job_context.h"
#include "core/lift/lift_config.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cb {

class TextTokenizer;

struct DocumentTokens {
    std::vector<std::int32_t> ids;
    std::size_t replacedBytes = 0;  // invalid UTF-8 bytes replaced by U+FFFD
};

// Tokenises a long document with progress and cancel: large texts are encoded piece by piece, cut
// only where a line break is followed by an ASCII letter or digit, a boundary every supported
// pre-tokenizer splits at anyway, so the ids equal those of one whole encode. Tokenizers that mark the
// start of a text (Llama-2's "▁") encode it whole.
DocumentTokens tokenizeDocument(const TextTokenizer& tokenizer, std::string_view text, const JobContext& job = {});

// "12,345 tokens -> 42 segments of 512 tokens every 192 (5/8 overlap)".
std::string describeSegmentation(std::int64_t tokens, const LiftConfig& config);

}  // namespace cb
