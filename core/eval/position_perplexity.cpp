#include "core/eval/position_perplexity.h"

#include "core/common/error.h"
#include "core/models/causal_lm.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <cmath>

namespace cb {
namespace {

struct Window {
    std::uint32_t patient = 0;
    std::int64_t begin = 0, end = 0;  // tokens [begin, end) are read
    std::int64_t firstScored = 0;     // targets at positions >= this are scored
};

}  // namespace

PositionCurve perPositionPerplexity(CausalLm& model, const TokenizedCohort& tokens, const std::vector<std::uint32_t>& patients,
                                    const PositionPerplexityConfig& config, const JobContext& job) {
    if (config.context < 2 || config.stride < 1 || config.stride > config.context)
        throw Error("per-position perplexity: need context >= 2 and 1 <= stride <= context");
    std::vector<Window> windows;
    std::size_t longest = 0;
    for (const auto p : patients) {
        const auto n = static_cast<std::int64_t>(tokens.tokens(p).size());
        longest = std::max(longest, static_cast<std::size_t>(n));
        std::int64_t scoredUpTo = 1;  // position 0 has nothing before it
        for (std::int64_t begin = 0; scoredUpTo < n; begin += config.stride) {
            const auto end = std::min(begin + config.context, n);
            if (end > scoredUpTo) windows.push_back({p, begin, end, scoredUpTo});
            scoredUpTo = std::max(scoredUpTo, end);
        }
    }
    std::vector<std::vector<double>> byIndex(longest);
    const torch::Device device(config.device);
    torch::NoGradGuard noGrad;
    // Windows of equal length share a batch; the last, shorter windows of a timeline run alone.
    for (std::size_t w = 0; w < windows.size();) {
        if ((w & 15) == 0) {
            job.throwIfCancelled();
            job.report("Per-position perplexity", static_cast<double>(w) / static_cast<double>(windows.size()));
        }
        const auto length = windows[w].end - windows[w].begin;
        std::size_t batchEnd = w + 1;
        while (batchEnd < windows.size() && batchEnd - w < static_cast<std::size_t>(config.windowsPerBatch) &&
               windows[batchEnd].end - windows[batchEnd].begin == length)
            ++batchEnd;
        const auto rows = static_cast<int64_t>(batchEnd - w);
        auto ids = torch::empty({rows, length}, torch::kLong);
        auto* idp = ids.data_ptr<int64_t>();
        for (int64_t r = 0; r < rows; ++r) {
            const auto& win = windows[w + static_cast<std::size_t>(r)];
            const auto seq = tokens.tokens(win.patient);
            for (int64_t k = 0; k < length; ++k) idp[r * length + k] = seq[static_cast<std::size_t>(win.begin + k)];
        }
        const auto logp = torch::log_softmax(model.logits(model.hidden(ids.to(device))).to(torch::kFloat), -1).cpu();
        // log p of the token at window offset k + 1, read from the prediction at offset k.
        const auto targets = ids.narrow(1, 1, length - 1).unsqueeze(-1);
        const auto picked = logp.narrow(1, 0, length - 1).gather(-1, targets).squeeze(-1).contiguous();
        const auto* pp = picked.data_ptr<float>();
        for (int64_t r = 0; r < rows; ++r) {
            const auto& win = windows[w + static_cast<std::size_t>(r)];
            for (int64_t k = 0; k + 1 < length; ++k) {
                const auto position = win.begin + k + 1;
                if (position < win.firstScored) continue;
                byIndex[static_cast<std::size_t>(position)].push_back(std::exp(-static_cast<double>(pp[r * (length - 1) + k])));
            }
        }
        w = batchEnd;
    }
    job.report("Per-position perplexity", 1.0);
    return summarizeByPosition(std::move(byIndex), config.minPoints, config.emaSpan);
}

}  // namespace cb
