#include "core/lift/lift_trainer.h"

#include "core/lift/segment_plan.h"
#include "core/models/causal_lm.h"
#include "core/runtime/autocast_scope.h"

#include <ATen/record_function.h>
#include <torch/nn/functional/loss.h>
#include <torch/nn/module.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace cb {
namespace {

struct Row {
    std::vector<std::int32_t> tokens;
    std::int64_t firstLabel = 1;  // targets start here: 1 for segments, the answer's start for QA
};

// Right-padded inputs with -100 labels past each row, and the loss of each row as the mean over its
// own targets: a short tail segment weighs as much as a full one, as in a loop of one segment per
// forward. Causal attention keeps the padding out of the real positions.
at::Tensor rowLosses(CausalLm& model, const std::vector<const Row*>& rows, const c10::Device& device) {
    std::int64_t width = 0;
    for (const auto* r : rows) width = std::max<std::int64_t>(width, static_cast<std::int64_t>(r->tokens.size()));
    const auto n = static_cast<std::int64_t>(rows.size());
    auto inputs = at::zeros({n, width}, at::kLong);
    auto labels = at::full({n, width}, -100, at::kLong);
    auto in = inputs.accessor<int64_t, 2>();
    auto lab = labels.accessor<int64_t, 2>();
    for (std::int64_t i = 0; i < n; ++i) {
        const auto& r = *rows[static_cast<std::size_t>(i)];
        for (std::size_t t = 0; t < r.tokens.size(); ++t) {
            in[i][static_cast<std::int64_t>(t)] = r.tokens[t];
            if (static_cast<std::int64_t>(t) >= r.firstLabel) lab[i][static_cast<std::int64_t>(t)] = r.tokens[t];
        }
    }
    inputs = inputs.to(device);
    labels = labels.to(device);
    // The last position predicts nothing here: cut it before the head, not after. The float32 cast
    // of the (possibly strided) logits is the one copy they get.
    const auto logits = model.logits(model.hidden(inputs).narrow(1, 0, width - 1)).to(at::kFloat);
    const auto v = logits.size(-1);
    const auto targets = labels.narrow(1, 1, width - 1);
    const auto perToken = torch::nn::functional::cross_entropy(
        logits.reshape({-1, v}), targets.reshape({-1}),
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kNone))
                              .view({n, width - 1});
    const auto counts = targets.ne(-100).sum(1).clamp_min(1).to(at::kFloat);
    return perToken.sum(1) / counts;
}

// Accumulates the gradient of weight * mean(row losses) over `rows`, a few rows per forward.
double accumulate(CausalLm& model, const std::vector<const Row*>& rows, double weight, int perBatch,
                  const c10::Device& device, const JobContext& job) {
    // The loss stays on the device until the end: reading it back per forward would make the host
    // wait for the GPU every time instead of queueing the next forward while the GPU works.
    at::Tensor sum;
    const auto total = static_cast<double>(rows.size());
    for (std::size_t i = 0; i < rows.size(); i += static_cast<std::size_t>(perBatch)) {
        job.throwIfCancelled();
        const std::vector<const Row*> chunk(rows.begin() + static_cast<long>(i),
                                            rows.begin() + static_cast<long>(std::min(rows.size(), i + static_cast<std::size_t>(perBatch))));
        const auto losses = rowLosses(model, chunk, device);
        (losses.sum() * (weight / total)).backward();
        const auto chunkSum = losses.detach().sum().to(at::kDouble);
        sum = sum.defined() ? sum + chunkSum : chunkSum;
    }
    return rows.empty() ? 0.0 : sum.item<double>() / total;
}

}  // namespace

LiftTrainResult trainOnInput(CausalLm& model, const std::vector<std::int32_t>& ids, const std::vector<AnswerSample>& qa,
                             const std::vector<at::Tensor>& parameters, const LiftConfig& asked, const c10::Device& device,
                             const JobContext& job, const LiftEpochFn& onEpoch) {
    asked.validate();
    const auto config = asked.forDevice(device.is_cuda());
    if (ids.size() < 2) throw std::invalid_argument("LIFT needs an input of at least 2 tokens, got " + std::to_string(ids.size()));
    if (parameters.empty()) throw std::invalid_argument("LIFT was given no parameters to train");
    const auto started = std::chrono::steady_clock::now();

    std::vector<Row> segments;
    for (const auto& span : planSegments(static_cast<std::int64_t>(ids.size()), config.segmentLength, config.effectiveStride()))
        if (span.length() >= 2) segments.push_back({std::vector<std::int32_t>(ids.begin() + span.begin, ids.begin() + span.end), 1});
    std::vector<Row> answers;
    for (const auto& s : qa) {
        if (s.answer.empty()) continue;
        Row r{s.prompt, static_cast<std::int64_t>(s.prompt.size())};
        r.tokens.insert(r.tokens.end(), s.answer.begin(), s.answer.end());
        answers.push_back(std::move(r));
    }

    std::vector<at::Tensor> decay, noDecay;
    for (const auto& p : parameters) (p.dim() >= 2 ? decay : noDecay).push_back(p);
    auto options = torch::optim::AdamWOptions(config.learningRate)
                       .betas({config.beta1, config.beta2})
                       .eps(config.eps)
                       .weight_decay(config.weightDecay);
    auto noDecayOptions = options;
    noDecayOptions.weight_decay(0.0);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    if (!decay.empty()) groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(options));
    if (!noDecay.empty()) groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(noDecayOptions));
    torch::optim::AdamW optimizer(std::move(groups), options);

    LiftTrainResult result;
    result.segments = static_cast<std::int64_t>(segments.size());
    for (const auto& s : segments) result.tokensPerEpoch += static_cast<std::int64_t>(s.tokens.size());

    const int totalEpochs = config.epochs + (answers.empty() ? 0 : config.qaEpochs);
    const int stepsPerEpoch = std::min<int>(config.stepsPerEpoch, static_cast<int>(segments.size()));
    const bool wasTraining = model.module().is_training();
    model.module().train();
    const AutocastScope autocast(config.precision == "bf16", device.type());
    try {
        for (int epoch = 0; epoch < totalEpochs; ++epoch) {
            const bool withQa = epoch >= config.epochs;
            RECORD_USER_SCOPE("lift_epoch");  // one span per epoch in a CONTEXTBENCH_TRACE
            LiftEpoch summary{epoch + 1, 0.0, 0.0, withQa};
            for (int step = 0; step < stepsPerEpoch; ++step) {
                const auto begin = segments.size() * static_cast<std::size_t>(step) / static_cast<std::size_t>(stepsPerEpoch);
                const auto end = segments.size() * static_cast<std::size_t>(step + 1) / static_cast<std::size_t>(stepsPerEpoch);
                std::vector<const Row*> rows;
                for (auto i = begin; i < end; ++i) rows.push_back(&segments[i]);
                optimizer.zero_grad();
                const double share = static_cast<double>(rows.size()) / static_cast<double>(segments.size());
                summary.segmentLoss += share * accumulate(model, rows, 1.0, config.segmentsPerBatch, device, job);
                if (withQa) {
                    const auto qBegin = answers.size() * static_cast<std::size_t>(step) / static_cast<std::size_t>(stepsPerEpoch);
                    const auto qEnd = answers.size() * static_cast<std::size_t>(step + 1) / static_cast<std::size_t>(stepsPerEpoch);
                    std::vector<const Row*> qaRows;
                    for (auto i = qBegin; i < qEnd; ++i) qaRows.push_back(&answers[i]);
                    const double qaShare = answers.empty() ? 0.0 : static_cast<double>(qaRows.size()) / static_cast<double>(answers.size());
                    summary.qaLoss += qaShare * accumulate(model, qaRows, config.qaWeight, config.segmentsPerBatch, device, job);
                }
                torch::nn::utils::clip_grad_norm_(parameters, config.gradClip);
                optimizer.step();
                autocast.weightsChanged();
                ++result.optimizerSteps;
                char detail[96];
                std::snprintf(detail, sizeof detail, "epoch %d/%d, loss %.3f", epoch + 1, totalEpochs, summary.segmentLoss);
                job.report("LIFT training", (epoch + static_cast<double>(step + 1) / stepsPerEpoch) / totalEpochs, detail);
            }
            summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            result.epochs.push_back(summary);
            if (onEpoch) onEpoch(summary);
        }
    } catch (...) {
        optimizer.zero_grad();
        model.module().train(wasTraining);
        throw;
    }
    optimizer.zero_grad();
    model.module().train(wasTraining);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace cb
