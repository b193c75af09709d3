#include "core/tokenize/vocabulary_builder.h"

#include "core/common/percentile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <map>

namespace cb {

nlohmann::json VocabularyConfig::toJson() const {
    return {{"min_count", minCount}, {"numeric_bins", numericBins}, {"max_size", maxSize}};
}

namespace {

struct CodeStats {
    std::uint64_t plain = 0;
    std::vector<double> values;
    std::map<std::uint32_t, std::uint64_t> texts;
};

}  // namespace

Vocabulary buildVocabulary(const Cohort& cohort, const VocabularyConfig& config) {
    std::vector<CodeStats> stats(cohort.codes.size());
    for (const auto p : cohort.patientsIn(Split::Train)) {
        const auto events = cohort.patient(p);
        for (std::size_t i = 0; i < events.size(); ++i) {
            auto& s = stats[events.code[i]];
            if (hasValue(events.value[i]))
                s.values.push_back(events.value[i]);
            else if (events.text[i] != kNoText)
                ++s.texts[events.text[i]];
            else
                ++s.plain;
        }
    }

    std::vector<VocabEntry> candidates;
    const auto minCount = static_cast<std::uint64_t>(std::max(1, config.minCount));
    for (std::uint32_t code = 0; code < stats.size(); ++code) {
        const auto& s = stats[code];
        const std::string& name = cohort.codes.at(code);
        if (s.plain >= minCount) candidates.push_back({TokenKind::Code, name, 0, 0, {}, s.plain});
        for (const auto& [text, count] : s.texts)
            if (count >= minCount) candidates.push_back({TokenKind::Categorical, name, 0, 0, cohort.texts.at(text), count});
        if (s.values.size() >= minCount) {
            auto sorted = s.values;
            std::sort(sorted.begin(), sorted.end());
            std::vector<double> edges{-std::numeric_limits<double>::max()};
            for (int b = 1; b < config.numericBins; ++b) {
                const double edge = percentileSorted(sorted, 100.0 * b / config.numericBins);
                if (edge > edges.back()) edges.push_back(edge);
            }
            edges.push_back(std::numeric_limits<double>::max());
            for (std::size_t b = 0; b + 1 < edges.size(); ++b) {
                const double lo = edges[b], hi = edges[b + 1];
                // Counted with the tokenizer's first-match rule: a value on an edge belongs to the lower bin,
                // so every bin but the first excludes its start.
                const auto last = std::upper_bound(sorted.begin(), sorted.end(), hi);
                const auto begin = b == 0 ? sorted.begin() : std::upper_bound(sorted.begin(), sorted.end(), lo);
                candidates.push_back({TokenKind::NumericRange, name, lo, hi, {}, static_cast<std::uint64_t>(last - begin)});
            }
        }
    }
    // Most frequent first; ties broken by the printed token so the order never depends on code ids.
    std::stable_sort(candidates.begin(), candidates.end(), [](const VocabEntry& a, const VocabEntry& b) {
        if (a.count != b.count) return a.count > b.count;
        if (a.code != b.code) return a.code < b.code;
        return a.rangeStart < b.rangeStart;
    });
    if (config.maxSize > 0 && candidates.size() > static_cast<std::size_t>(config.maxSize))
        candidates.resize(static_cast<std::size_t>(config.maxSize));
    Vocabulary vocab;
    for (auto& e : candidates) vocab.add(std::move(e));
    return vocab;
}

}  // namespace cb
