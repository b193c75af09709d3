#include "core/eval/sharded_featurizer.h"

#include "core/models/causal_lm.h"

#include <ATen/ops/from_blob.h>
#include <ATen/ops/zeros.h>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace cb {

FeatureMatrix featurizeAcrossRanks(CausalLm& model, const TokenizedCohort& tokens, const std::vector<FeatureRequest>& requests,
                                   int context, const std::string& device, int tokensPerBatch, Communicator& communicator,
                                   const JobContext& job) {
    if (communicator.alone()) return featurize(model, tokens, requests, context, device, tokensPerBatch, job);

    const auto ranks = static_cast<std::size_t>(communicator.size());
    std::vector<std::size_t> visible(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i)
        visible[i] = std::min<std::size_t>(tokens.countAtOrBefore(requests[i].patient, requests[i].cutoff), static_cast<std::size_t>(context));
    std::vector<std::size_t> order(requests.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return visible[a] > visible[b]; });
    std::vector<std::vector<std::size_t>> dealt(ranks);
    for (std::size_t k = 0; k < order.size(); ++k) dealt[k % ranks].push_back(order[k]);

    const auto& mine = dealt[static_cast<std::size_t>(communicator.rank())];
    std::vector<FeatureRequest> myRequests;
    for (const auto i : mine) myRequests.push_back(requests[i]);
    const auto part = featurize(model, tokens, myRequests, context, device, tokensPerBatch, job);

    // Equal shapes for the gather: every rank pads its rows to the largest share.
    const auto cols = static_cast<std::int64_t>(model.hiddenSize());
    const auto widest = static_cast<std::int64_t>(dealt.front().size());
    auto block = at::zeros({widest, cols}, at::kFloat);
    if (!part.values.empty()) std::memcpy(block.data_ptr<float>(), part.values.data(), part.values.size() * sizeof(float));
    const auto gathered = communicator.gatherToRoot(block.to(at::Device(communicator.tensorDevice())),
                                                    "gathering features at " + std::to_string(context) + " tokens");

    FeatureMatrix out;
    if (!communicator.isRoot()) return out;
    out.rows = requests.size();
    out.cols = static_cast<std::size_t>(cols);
    out.values.assign(out.rows * out.cols, 0.0f);
    out.lengths.resize(out.rows);
    for (std::size_t r = 0; r < ranks; ++r) {
        const auto rows = gathered[r].to(at::kCPU).contiguous();
        const float* src = rows.data_ptr<float>();
        for (std::size_t k = 0; k < dealt[r].size(); ++k) {
            const auto i = dealt[r][k];
            std::copy(src + k * out.cols, src + (k + 1) * out.cols, out.values.begin() + static_cast<long>(i * out.cols));
            out.lengths[i] = static_cast<std::uint32_t>(visible[i]);
            if (visible[i] == 0) ++out.emptyRows;
        }
    }
    return out;
}

}  // namespace cb
