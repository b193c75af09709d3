#include "core/tokenize/code_tokenizer.h"

#include <algorithm>

namespace cb {

std::vector<std::pair<std::string, std::uint64_t>> OovReport::top(std::size_t n) const {
    std::vector<std::pair<std::string, std::uint64_t>> items(byCode.begin(), byCode.end());
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (items.size() > n) items.resize(n);
    return items;
}

CodeTokenizer::CodeTokenizer(const Vocabulary& vocab, const Cohort& cohort) : vocab_(vocab), cohort_(cohort) {
    plain_.resize(cohort.codes.size());
    numeric_.resize(cohort.codes.size());
    categorical_.resize(cohort.codes.size());
    for (std::uint32_t c = 0; c < cohort.codes.size(); ++c) {
        plain_[c] = vocab.plainId(cohort.codes.at(c));
        numeric_[c] = vocab.hasNumericRanges(cohort.codes.at(c));
        categorical_[c] = vocab.hasCategories(cohort.codes.at(c));
    }
}

std::optional<int> CodeTokenizer::tokenFor(std::uint32_t code, float value, std::uint32_t text) const {
    if (hasValue(value) && numeric_[code]) return vocab_.numericId(cohort_.codes.at(code), value);
    if (text != kNoText && categorical_[code]) return vocab_.categoricalId(cohort_.codes.at(code), cohort_.texts.at(text));
    return plain_[code];
}

}  // namespace cb
