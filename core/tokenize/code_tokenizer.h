#pragma once

#include "core/cohort/cohort.h"
#include "core/tokenize/vocabulary.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cb {

// Events that found no token, per code: shown to the user instead of being dropped silently.
struct OovReport {
    std::uint64_t events = 0;
    std::uint64_t unknownEvents = 0;
    std::map<std::string, std::uint64_t> byCode;
    double unknownRate() const { return events ? static_cast<double>(unknownEvents) / events : 0.0; }
    // The n most frequent unknown codes, most frequent first.
    std::vector<std::pair<std::string, std::uint64_t>> top(std::size_t n) const;
};

// Maps a cohort's events to vocabulary ids as hf_ehr's CLMBRTokenizer does: a numeric value of a code
// with ranges goes to the first range holding it (none: no token); a text value of a code with
// categories to the first entry listing it (none: no token); anything else to the plain code, if the
// vocabulary has it. One event gives at most one token.
class CodeTokenizer {
public:
    CodeTokenizer(const Vocabulary& vocab, const Cohort& cohort);

    std::optional<int> tokenFor(std::uint32_t code, float value, std::uint32_t text) const;
    const Vocabulary& vocabulary() const { return vocab_; }

private:
    const Vocabulary& vocab_;
    const Cohort& cohort_;
    std::vector<std::optional<int>> plain_;  // per cohort code id
    std::vector<bool> numeric_;
    std::vector<bool> categorical_;
};

}  // namespace cb
