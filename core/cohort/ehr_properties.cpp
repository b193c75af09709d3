#include "core/cohort/ehr_properties.h"

#include "core/common/error.h"
#include "core/common/percentile.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace cb {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Counts n-grams of one length as they stream in, keeping the two numbers rr_n needs. Open
// addressing over packed keys: the standard unordered_map spent most of its time allocating nodes.
class NGramCounter {
public:
    explicit NGramCounter(std::size_t expected) {
        std::size_t capacity = 16;
        while (capacity < expected * 2) capacity <<= 1;
        keys_.assign(capacity, Key{});
        counts_.assign(capacity, 0);
    }

    void add(std::uint64_t high, std::uint64_t low) {
        if ((distinct_ + 1) * 2 > keys_.size()) grow();
        const std::size_t slot = find(high, low);
        auto& count = counts_[slot];
        if (count == 0) {
            keys_[slot] = {high, low};
            ++distinct_;
        } else if (count == 1) {
            ++repeated_;
        }
        if (count < 2) ++count;
    }

    double rate() const { return distinct_ == 0 ? 0.0 : static_cast<double>(repeated_) / static_cast<double>(distinct_); }

private:
    struct Key {
        std::uint64_t high = 0, low = 0;
    };

    std::size_t find(std::uint64_t high, std::uint64_t low) const {
        const std::size_t mask = keys_.size() - 1;
        std::uint64_t h = (high * 0x9e3779b97f4a7c15ULL) ^ (low * 0xc2b2ae3d27d4eb4fULL);
        h ^= h >> 29;
        for (std::size_t slot = h & mask;; slot = (slot + 1) & mask)
            if (counts_[slot] == 0 || (keys_[slot].high == high && keys_[slot].low == low)) return slot;
    }

    void grow() {
        std::vector<Key> keys;
        std::vector<std::uint8_t> counts;
        keys.swap(keys_);
        counts.swap(counts_);
        keys_.assign(keys.size() * 2, Key{});
        counts_.assign(keys.size() * 2, 0);
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (counts[i] == 0) continue;
            const std::size_t slot = find(keys[i].high, keys[i].low);
            keys_[slot] = keys[i];
            counts_[slot] = counts[i];
        }
    }

    std::vector<Key> keys_;
    std::vector<std::uint8_t> counts_;  // 0 empty, 1 seen once, 2 seen more than once
    std::size_t distinct_ = 0, repeated_ = 0;
};

double iqr(const std::vector<double>& gaps, std::vector<double>& scratch) {
    if (gaps.empty()) return kNaN;
    scratch.assign(gaps.begin(), gaps.end());
    std::sort(scratch.begin(), scratch.end());
    return percentileSorted(scratch, 75.0) - percentileSorted(scratch, 25.0);
}

}  // namespace

std::vector<EhrProperties> computeEhrPropertiesAt(const PatientEvents& events, std::span<const TimeUs> cutoffs) {
    if (!std::is_sorted(cutoffs.begin(), cutoffs.end()))
        throw Error("computeEhrPropertiesAt: prediction times must be sorted");
    std::vector<EhrProperties> out;
    out.reserve(cutoffs.size());
    if (cutoffs.empty()) return out;

    const std::size_t last = events.countAtOrBefore(cutoffs.back());
    std::vector<NGramCounter> counters;
    for (int n = 1; n <= 4; ++n) counters.emplace_back(last);
    std::vector<double> gaps, scratch;
    gaps.reserve(last);
    // Welford's update: the gaps reach 1e8 s, where a sum of squares loses the std to cancellation.
    double mean = 0.0, m2 = 0.0;

    std::size_t seen = 0;
    auto advanceTo = [&](std::size_t end) {
        for (; seen < end; ++seen) {
            const std::uint64_t c0 = events.code[seen];
            const std::uint64_t c1 = seen >= 1 ? events.code[seen - 1] : 0;
            const std::uint64_t c2 = seen >= 2 ? events.code[seen - 2] : 0;
            const std::uint64_t c3 = seen >= 3 ? events.code[seen - 3] : 0;
            counters[0].add(c0, 0);
            if (seen >= 1) counters[1].add(c1 << 32 | c0, 0);
            if (seen >= 2) counters[2].add(c2 << 32 | c1, c0);
            if (seen >= 3) counters[3].add(c3 << 32 | c2, c1 << 32 | c0);
            if (seen >= 1 && events.time[seen - 1] != kStaticTime) {
                const double gap = static_cast<double>(events.time[seen] - events.time[seen - 1]) / kSecondUs;
                gaps.push_back(gap);
                const double delta = gap - mean;
                mean += delta / static_cast<double>(gaps.size());
                m2 += delta * (gap - mean);
            }
        }
    };

    for (const TimeUs cutoff : cutoffs) {
        advanceTo(events.countAtOrBefore(cutoff));
        EhrProperties p;
        p.events = seen;
        double logSum = 0.0;
        bool anyZero = false;
        for (std::size_t n = 0; n < 4; ++n) {
            p.repetition[n] = counters[n].rate();
            if (p.repetition[n] <= 0.0)
                anyZero = true;
            else
                logSum += std::log(p.repetition[n]);
        }
        p.repetitionGeoMean = anyZero ? 0.0 : std::exp(logSum / 4.0);
        p.gapMean = gaps.empty() ? kNaN : mean;
        p.gapStd = gaps.size() < 2 ? kNaN : std::sqrt(m2 / static_cast<double>(gaps.size() - 1));
        p.gapIqr = iqr(gaps, scratch);
        out.push_back(p);
    }
    return out;
}

EhrProperties computeEhrProperties(const PatientEvents& events, TimeUs cutoff) {
    const TimeUs cutoffs[] = {cutoff};
    return computeEhrPropertiesAt(events, cutoffs).front();
}

}  // namespace cb
