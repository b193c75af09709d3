#include "core/train/window_plan.h"

#include "core/common/error.h"
#include "core/common/rng.h"

#include <algorithm>

namespace cb {

std::vector<WindowBatch> planWindows(const TokenizedCohort& tokens, const std::vector<std::uint32_t>& patients,
                                     int context, std::int64_t tokenBudget, int tokensPerStep, std::uint64_t seed) {
    std::vector<std::uint32_t> usable;
    for (auto p : patients)
        if (tokens.tokens(p).size() >= 2) usable.push_back(p);
    if (usable.empty()) throw Error("pretraining: no train patient has two or more tokens");
    if (context < 2) throw Error("pretraining: context length must be at least 2");

    Rng rng(seed);
    std::vector<Window> windows;
    std::int64_t planned = 0;
    while (planned < tokenBudget) {
        const auto p = usable[rng.below(usable.size())];
        const auto length = static_cast<std::uint32_t>(tokens.tokens(p).size());
        const auto end = 2 + static_cast<std::uint32_t>(rng.below(length - 1));
        const auto begin = end > static_cast<std::uint32_t>(context) ? end - static_cast<std::uint32_t>(context) : 0u;
        windows.push_back({p, begin, end});
        planned += end - begin;
    }
    std::stable_sort(windows.begin(), windows.end(),
                     [](const Window& a, const Window& b) { return a.length() < b.length(); });

    std::vector<WindowBatch> batches;
    WindowBatch current;
    for (const auto& w : windows) {
        const auto longest = std::max(current.maxLength, w.length());
        if (!current.windows.empty() && static_cast<std::int64_t>(longest) * static_cast<std::int64_t>(current.windows.size() + 1) > tokensPerStep) {
            batches.push_back(std::move(current));
            current = {};
        }
        current.windows.push_back(w);
        current.maxLength = std::max(current.maxLength, w.length());
    }
    if (!current.windows.empty()) batches.push_back(std::move(current));
    for (std::size_t i = batches.size(); i > 1; --i) std::swap(batches[i - 1], batches[rng.below(i)]);
    return batches;
}

}  // namespace cb
