#include "core/train/pretrainer.h"

#include "core/distributed/gradient_reducer.h"
#include "core/runtime/autocast_scope.h"
#include "core/train/gradient_clip.h"
#include "core/tokenize/vocabulary.h"
#include "core/train/lr_schedule.h"
#include "core/train/window_plan.h"

#include <torch/nn/functional/loss.h>
#include <torch/optim/adamw.h>

#include <chrono>
#include <cstdio>
#include <numeric>
#include <optional>

namespace cb {
namespace {

double meanOf(const std::vector<double>& v, std::size_t begin, std::size_t end) {
    if (end <= begin) return 0.0;
    return std::accumulate(v.begin() + static_cast<long>(begin), v.begin() + static_cast<long>(end), 0.0) /
           static_cast<double>(end - begin);
}

// [rows, maxLength] inputs padded with PAD and labels padded with -100 (ignored by the loss).
std::pair<at::Tensor, at::Tensor> batchTensors(const TokenizedCohort& tokens, const WindowBatch& batch) {
    const auto rows = static_cast<int64_t>(batch.windows.size());
    const auto width = static_cast<int64_t>(batch.maxLength);
    auto inputs = torch::full({rows, width}, Vocabulary::kPad, torch::kLong);
    auto labels = torch::full({rows, width}, -100, torch::kLong);
    auto in = inputs.accessor<int64_t, 2>();
    auto lab = labels.accessor<int64_t, 2>();
    for (int64_t r = 0; r < rows; ++r) {
        const auto& w = batch.windows[static_cast<std::size_t>(r)];
        const auto timeline = tokens.tokens(w.patient);
        for (std::uint32_t i = 0; i < w.length(); ++i) {
            in[r][i] = timeline[w.begin + i];
            lab[r][i] = timeline[w.begin + i];
        }
    }
    return {inputs, labels};
}

// Every size-th window of the step, starting at `rank`: the step's windows are bucketed by length,
// so each rank gets a similar share of tokens.
WindowBatch shareOf(const WindowBatch& batch, int rank, int size) {
    WindowBatch mine;
    for (std::size_t i = static_cast<std::size_t>(rank); i < batch.windows.size(); i += static_cast<std::size_t>(size)) {
        mine.windows.push_back(batch.windows[i]);
        mine.maxLength = std::max(mine.maxLength, batch.windows[i].length());
    }
    return mine;
}

// Next-token targets of a batch: every window predicts all of its tokens but the first.
std::int64_t targetCount(const WindowBatch& batch) {
    std::int64_t n = 0;
    for (const auto& w : batch.windows) n += w.length() > 0 ? w.length() - 1 : 0;
    return n;
}

constexpr std::size_t kLossesReadTogether = 8;

at::Tensor nextTokenLoss(CausalLm& model, const TokenizedCohort& tokens, const WindowBatch& batch, const torch::Device& dev,
                         bool sum) {
    auto [inputs, labels] = batchTensors(tokens, batch);
    if (dev.is_cuda()) {
        // From page-locked memory the copies run asynchronously, behind the previous step's kernels.
        inputs = inputs.pin_memory().to(dev, /*non_blocking=*/true);
        labels = labels.pin_memory().to(dev, /*non_blocking=*/true);
    } else {
        inputs = inputs.to(dev);
        labels = labels.to(dev);
    }
    const auto logits = model.logits(model.hidden(inputs));
    const auto v = logits.size(-1);
    const auto shifted = logits.narrow(1, 0, logits.size(1) - 1).reshape({-1, v});
    const auto targets = labels.narrow(1, 1, labels.size(1) - 1).reshape({-1});
    auto options = torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100);
    if (sum) options.reduction(torch::kSum);
    return torch::nn::functional::cross_entropy(shifted.to(torch::kFloat), targets, options);
}

}  // namespace

double PretrainResult::initialLoss() const { return meanOf(stepLoss, 0, std::max<std::size_t>(1, stepLoss.size() / 10)); }

double PretrainResult::finalLoss() const {
    const auto n = stepLoss.size();
    return meanOf(stepLoss, n - std::max<std::size_t>(1, n / 10), n);
}

PretrainResult pretrain(CausalLm& model, const TokenizedCohort& tokens, const std::vector<std::uint32_t>& patients,
                        const PretrainConfig& config, const std::string& device, const JobContext& job,
                        Communicator* communicator) {
    const auto started = std::chrono::steady_clock::now();
    const auto batches = planWindows(tokens, patients, config.contextLength, config.tokenBudget, config.tokensPerStep, config.seed);
    const torch::Device dev(device);

    std::vector<at::Tensor> decay, noDecay;
    for (auto& p : model.module().parameters()) (p.dim() >= 2 ? decay : noDecay).push_back(p);
    auto options = torch::optim::AdamWOptions(config.learningRate)
                       .betas({config.beta1, config.beta2})
                       .weight_decay(config.weightDecay);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(options));
    auto noDecayOptions = options;
    noDecayOptions.weight_decay(0.0);
    groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(noDecayOptions));
    torch::optim::AdamW optimizer(std::move(groups), options);

    Communicator alone;
    Communicator& comm = communicator ? *communicator : alone;
    std::optional<GradientReducer> reducer;
    if (!comm.alone()) {
        broadcastModelState(model, comm, "sharing rank 0's initial weights");
        reducer.emplace(model.module().parameters(), comm);
    }

    const AutocastScope autocast(config.precision == "bf16", dev.type());
    model.module().train();
    PretrainResult result;
    const int steps = static_cast<int>(batches.size());
    // Step losses stay on the device and are read a few steps at a time: reading each one would
    // make the host wait for the GPU at every step.
    std::vector<at::Tensor> unread;
    const auto readLosses = [&](int step) {
        if (unread.empty()) return;
        const auto values = torch::stack(unread).to(torch::kCPU, torch::kDouble);
        for (std::int64_t i = 0; i < values.size(0); ++i) result.stepLoss.push_back(values[i].item<double>());
        unread.clear();
        char detail[96];
        std::snprintf(detail, sizeof detail, "step %d/%d, loss %.3f", step + 1, steps, result.stepLoss.back());
        job.report("Pretraining at " + std::to_string(config.contextLength) + " tokens", static_cast<double>(step + 1) / steps, detail);
    };
    for (int step = 0; step < steps; ++step) {
        job.throwIfCancelled();
        const double lr = learningRateAt(step, steps, config.learningRate, config.warmupFraction, config.minLearningRateRatio);
        for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
        const auto& batch = batches[static_cast<std::size_t>(step)];

        optimizer.zero_grad();
        if (comm.alone()) {
            const auto loss = nextTokenLoss(model, tokens, batch, dev, false);
            loss.backward();
            unread.push_back(loss.detach().to(torch::kFloat));
        } else {
            // Each rank's loss is its tokens' share of the step's mean, so the summed gradients are
            // the gradient of the whole step's mean loss.
            const auto targets = static_cast<double>(targetCount(batch));
            const auto mine = shareOf(batch, comm.rank(), comm.size());
            auto lossSum = torch::zeros({1}, torch::TensorOptions().dtype(torch::kFloat).device(dev));
            reducer->prepare("at step " + std::to_string(step + 1));
            if (!mine.windows.empty()) {
                const auto sum = nextTokenLoss(model, tokens, mine, dev, true);
                (sum / targets).backward();
                lossSum = sum.detach().reshape({1});
            }
            reducer->finish();
            comm.allReduceSum(lossSum, "summing the loss of step " + std::to_string(step + 1));
            unread.push_back((lossSum / targets).reshape({}));
        }
        clipGradientNorm(model.module().parameters(), config.gradClip);
        optimizer.step();
        autocast.weightsChanged();

        for (const auto& w : batch.windows) result.tokens += w.length();
        if (unread.size() >= kLossesReadTogether || step + 1 == steps) readLosses(step);
    }
    model.module().eval();
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace cb
