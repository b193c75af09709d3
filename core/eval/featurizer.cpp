#include "core/eval/featurizer.h"

#include "core/models/causal_lm.h"
#include "core/tokenize/vocabulary.h"

#include <torch/nn/module.h>
#include <torch/types.h>

#include <algorithm>
#include <numeric>

namespace cb {

FeatureMatrix featurize(CausalLm& model, const TokenizedCohort& tokens, const std::vector<FeatureRequest>& requests,
                        int context, const std::string& device, int tokensPerBatch, const JobContext& job) {
    FeatureMatrix out;
    out.rows = requests.size();
    out.cols = static_cast<std::size_t>(model.hiddenSize());
    out.values.assign(out.rows * out.cols, 0.0f);
    out.lengths.resize(out.rows);
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const auto visible = tokens.countAtOrBefore(requests[i].patient, requests[i].cutoff);
        out.lengths[i] = static_cast<std::uint32_t>(std::min<std::size_t>(visible, static_cast<std::size_t>(context)));
        if (out.lengths[i] == 0) ++out.emptyRows;
    }
    // Longest first, so the progress fraction tracks compute rather than row counts.
    std::vector<std::size_t> order(requests.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return out.lengths[a] > out.lengths[b]; });
    const std::size_t totalTokens = std::accumulate(out.lengths.begin(), out.lengths.end(), std::size_t{0});

    const torch::Device dev(device);
    c10::InferenceMode inference;
    model.module().eval();
    std::size_t done = 0, doneTokens = 0;
    while (done < order.size() && out.lengths[order[done]] > 0) {
        job.throwIfCancelled();
        const std::size_t width = out.lengths[order[done]];
        std::size_t rows = 1;
        while (done + rows < order.size() && out.lengths[order[done + rows]] > 0 &&
               (rows + 1) * width <= static_cast<std::size_t>(std::max(tokensPerBatch, static_cast<int>(width))))
            ++rows;

        auto inputs = torch::full({static_cast<int64_t>(rows), static_cast<int64_t>(width)}, Vocabulary::kPad, torch::kLong);
        auto last = torch::empty({static_cast<int64_t>(rows)}, torch::kLong);
        auto in = inputs.accessor<int64_t, 2>();
        for (std::size_t r = 0; r < rows; ++r) {
            const auto& req = requests[order[done + r]];
            const std::size_t length = out.lengths[order[done + r]];
            const auto timeline = tokens.tokens(req.patient);
            const std::size_t visible = tokens.countAtOrBefore(req.patient, req.cutoff);
            for (std::size_t i = 0; i < length; ++i) in[static_cast<int64_t>(r)][static_cast<int64_t>(i)] = timeline[visible - length + i];
            last[static_cast<int64_t>(r)] = static_cast<int64_t>(length - 1);
            doneTokens += length;
        }
        const auto hidden = model.hidden(inputs.to(dev));
        const auto picked = hidden.index({torch::arange(static_cast<int64_t>(rows), torch::kLong).to(dev), last.to(dev)})
                                .to(torch::kCPU, torch::kFloat)
                                .contiguous();
        const float* src = picked.data_ptr<float>();
        for (std::size_t r = 0; r < rows; ++r)
            std::copy(src + r * out.cols, src + (r + 1) * out.cols, out.values.begin() + static_cast<long>(order[done + r] * out.cols));
        done += rows;
        job.report("Featurising at " + std::to_string(context) + " tokens",
                   totalTokens ? static_cast<double>(doneTokens) / totalTokens : 1.0,
                   std::to_string(done) + "/" + std::to_string(order.size()) + " timelines");
    }
    return out;
}

}  // namespace cb
