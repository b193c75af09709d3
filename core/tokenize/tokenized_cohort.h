#pragma once

#include "core/cohort/cohort.h"
#include "core/jobs/job_context.h"
#include "core/tokenize/code_tokenizer.h"

#include <cstdint>
#include <span>
#include <vector>

namespace cb {

// Every patient's timeline as token ids with the time of the event each token came from, so a
// prediction time cuts a timeline with one binary search.
class TokenizedCohort {
public:
    static TokenizedCohort build(const Cohort& cohort, const CodeTokenizer& tokenizer, const JobContext& job = {});
    // Token sequences that are not timelines (text): each token's "time" is its position, so the
    // window planner and cutoffs treat them alike.
    static TokenizedCohort fromSequences(const std::vector<std::vector<std::int32_t>>& sequences);

    std::size_t numPatients() const { return offsets_.size() - 1; }
    std::span<const std::int32_t> tokens(std::size_t patient) const;
    std::span<const TimeUs> times(std::size_t patient) const;
    // Tokens whose event time is <= cutoff.
    std::size_t countAtOrBefore(std::size_t patient, TimeUs cutoff) const;
    std::size_t totalTokens() const { return tokens_.size(); }
    const OovReport& oov() const { return oov_; }

private:
    std::vector<std::int32_t> tokens_;
    std::vector<TimeUs> times_;
    std::vector<std::uint64_t> offsets_{0};
    OovReport oov_;
};

}  // namespace cb
