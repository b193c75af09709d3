#include "core/tokenize/tokenized_cohort.h"

#include <algorithm>

namespace cb {

TokenizedCohort TokenizedCohort::build(const Cohort& cohort, const CodeTokenizer& tokenizer, const JobContext& job) {
    TokenizedCohort out;
    out.tokens_.reserve(cohort.numEvents());
    out.times_.reserve(cohort.numEvents());
    std::vector<std::uint64_t> unknownByCode(cohort.codes.size(), 0);
    for (std::size_t p = 0; p < cohort.numPatients(); ++p) {
        if (p % 256 == 0) {
            job.throwIfCancelled();
            job.report("Tokenizing", static_cast<double>(p) / cohort.numPatients());
        }
        const auto events = cohort.patient(p);
        for (std::size_t i = 0; i < events.size(); ++i) {
            const auto token = tokenizer.tokenFor(events.code[i], events.value[i], events.text[i]);
            if (!token) {
                ++unknownByCode[events.code[i]];
                continue;
            }
            out.tokens_.push_back(*token);
            out.times_.push_back(events.time[i]);
        }
        out.offsets_.push_back(out.tokens_.size());
    }
    out.oov_.events = cohort.numEvents();
    for (std::uint32_t c = 0; c < unknownByCode.size(); ++c) {
        if (unknownByCode[c] == 0) continue;
        out.oov_.unknownEvents += unknownByCode[c];
        out.oov_.byCode[cohort.codes.at(c)] = unknownByCode[c];
    }
    return out;
}

std::span<const std::int32_t> TokenizedCohort::tokens(std::size_t patient) const {
    return std::span(tokens_).subspan(offsets_[patient], offsets_[patient + 1] - offsets_[patient]);
}

std::span<const TimeUs> TokenizedCohort::times(std::size_t patient) const {
    return std::span(times_).subspan(offsets_[patient], offsets_[patient + 1] - offsets_[patient]);
}

std::size_t TokenizedCohort::countAtOrBefore(std::size_t patient, TimeUs cutoff) const {
    const auto t = times(patient);
    return static_cast<std::size_t>(std::upper_bound(t.begin(), t.end(), cutoff) - t.begin());
}

TokenizedCohort TokenizedCohort::fromSequences(const std::vector<std::vector<std::int32_t>>& sequences) {
    TokenizedCohort out;
    for (const auto& seq : sequences) {
        out.tokens_.insert(out.tokens_.end(), seq.begin(), seq.end());
        for (std::size_t i = 0; i < seq.size(); ++i) out.times_.push_back(static_cast<TimeUs>(i));
        out.offsets_.push_back(out.tokens_.size());
    }
    return out;
}

}  // namespace cb
