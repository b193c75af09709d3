#include "core/lift/timeline_lift.h"

#include "core/analysis/labelled_requests.h"
#include "core/common/error.h"
#include "core/lift/lift_trainer.h"
#include "core/lift/lora.h"
#include "core/lift/weight_snapshot.h"
#include "core/models/causal_lm.h"
#include "core/models/trained_window.h"

#include <torch/nn/module.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <random>
#include <set>

namespace cb {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

nlohmann::json estimateJson(const Estimate& e) {
    auto number = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
    return {{"auroc", number(e.value)}, {"ci", {number(e.low), number(e.high)}}};
}

// Up to `perSplit` labelled patients of each split, drawn with `seed`.
std::set<std::uint32_t> choosePatients(const Cohort& cohort, const std::vector<std::string>& tasks, int perSplit, std::uint64_t seed,
                                       std::size_t counts[3]) {
    std::set<std::uint32_t> labelled;
    for (const auto& name : tasks)
        if (const auto* labels = cohort.findTask(name))
            for (const auto& l : labels->labels) labelled.insert(l.patient);
    std::set<std::uint32_t> chosen;
    const Split splits[3] = {Split::Train, Split::Tuning, Split::HeldOut};
    for (int s = 0; s < 3; ++s) {
        std::vector<std::uint32_t> pool;
        for (const auto p : labelled)
            if (cohort.splits[p] == splits[s]) pool.push_back(p);
        std::mt19937_64 rng(seed + static_cast<std::uint64_t>(s));
        std::shuffle(pool.begin(), pool.end(), rng);
        pool.resize(std::min<std::size_t>(pool.size(), static_cast<std::size_t>(perSplit)));
        counts[s] = pool.size();
        chosen.insert(pool.begin(), pool.end());
    }
    return chosen;
}

}  // namespace

nlohmann::json TimelineLiftConfig::toJson() const {
    return {{"lift", lift.toJson()}, {"context", context}, {"patients_per_split", patientsPerSplit}, {"seed", seed}, {"probe", probe.toJson()}};
}

nlohmann::json TimelineLiftResult::toJson() const {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& t : tasks) {
        nlohmann::json row = {{"task", t.task}, {"evaluated", t.evaluated}, {"test_examples", t.testCount}, {"test_positives", t.testPositives}};
        if (!t.evaluated) row["skip_reason"] = t.skipReason;
        else {
            row["base"] = estimateJson(t.base);
            row["lift"] = estimateJson(t.lift);
            if (hasLong) row["long_context"] = estimateJson(t.longContext);
        }
        rows.push_back(row);
    }
    nlohmann::json mean = {{"base", estimateJson(meanBase)}, {"lift", estimateJson(meanLift)}};
    if (hasLong) mean["long_context"] = estimateJson(meanLong);
    return {{"tasks", rows},
            {"mean", mean},
            {"context", context},
            {"long_context", hasLong ? nlohmann::json(longContext) : nlohmann::json(nullptr)},
            {"examples", examples},
            {"patients", {{"train", patients[0]}, {"tuning", patients[1]}, {"test", patients[2]}}},
            {"lift_seconds", liftSeconds},
            {"base_seconds", baseSeconds},
            {"lift_seconds_per_example", examples ? liftSeconds / static_cast<double>(examples) : 0.0}};
}

FeatureMatrix featurizeAfterLift(CausalLm& model, const TokenizedCohort& tokens, const std::vector<FeatureRequest>& requests,
                                 int context, const LiftConfig& lift, const std::string& device, int tokensPerBatch,
                                 const JobContext& job) {
    FeatureMatrix out;
    out.rows = requests.size();
    for (std::size_t i = 0; i < requests.size(); ++i) {
        job.throwIfCancelled();
        job.report("LIFT on each timeline", static_cast<double>(i) / static_cast<double>(std::max<std::size_t>(1, requests.size())),
                   std::to_string(i) + "/" + std::to_string(requests.size()) + " examples");
        const auto& r = requests[i];
        const auto all = tokens.tokens(r.patient);
        const std::vector<std::int32_t> visible(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(tokens.countAtOrBefore(r.patient, r.cutoff)));
        FeatureMatrix one;
        {
            // The adaptation lives for this block; its end restores the model for the next patient.
            std::unique_ptr<LoraAttachment> lora;
            std::unique_ptr<WeightSnapshot> snapshot;
            std::vector<at::Tensor> parameters;
            if (lift.fullFineTuning()) {
                snapshot = std::make_unique<WeightSnapshot>(model.module());
                for (auto& p : model.module().parameters())
                    if (p.requires_grad()) parameters.push_back(p);
            } else {
                lora = std::make_unique<LoraAttachment>(model, lift.loraRank, 2.0 * lift.loraRank, lift.seed);
                parameters = lora->parameters();
            }
            if (visible.size() >= 2) trainOnInput(model, visible, {}, parameters, lift, c10::Device(device));
            one = featurize(model, tokens, {r}, context, device, tokensPerBatch);
        }
        if (out.cols == 0) {
            out.cols = one.cols;
            out.values.resize(out.rows * out.cols);
        }
        std::copy(one.values.begin(), one.values.end(), out.values.begin() + static_cast<std::ptrdiff_t>(i * out.cols));
        out.lengths.push_back(one.lengths.empty() ? 0 : one.lengths.front());
        out.emptyRows += one.emptyRows;
    }
    job.report("LIFT on each timeline", 1.0);
    return out;
}

TimelineLiftResult runTimelineLift(const PreparedCohort& cohort, CausalLm& shortModel, const PreparedCohort* longCohort,
                                   CausalLm* longModel, int longContext, const std::vector<std::string>& tasks,
                                   const TimelineLiftConfig& config, const std::string& device, const JobContext& job) {
    if (config.patientsPerSplit < 2) throw Error("lift-ehr: take at least 2 patients per split");
    TimelineLiftResult result;
    result.context = config.context > 0 ? config.context : trainedWindow(shortModel);
    if (result.context <= 0) throw Error("lift-ehr: the short model has no context limit; say which window it reads (--context)");
    auto lift = config.lift;
    if (lift.segmentLength <= 0 || lift.segmentLength > result.context) lift.segmentLength = result.context;
    lift.stride = 0;
    lift.validate();

    const auto chosen = choosePatients(cohort.cohort, tasks, config.patientsPerSplit, config.seed, result.patients);
    const auto labelled = collectLabelledRequests(cohort.cohort, tasks, [&](std::uint32_t p) { return chosen.count(p) > 0; });
    if (labelled.requests.empty()) throw Error("lift-ehr: the cohort has no labels for the tasks asked");
    result.examples = labelled.requests.size();

    auto started = std::chrono::steady_clock::now();
    const auto base = featurize(shortModel, cohort.tokens, labelled.requests, result.context, device, config.featurizeTokensPerBatch,
                                job.slice(0.0, 0.05));
    result.baseSeconds = secondsSince(started);
    started = std::chrono::steady_clock::now();
    const auto adapted = featurizeAfterLift(shortModel, cohort.tokens, labelled.requests, result.context, lift, device,
                                            config.featurizeTokensPerBatch, job.slice(0.05, 0.9));
    result.liftSeconds = secondsSince(started);
    std::optional<FeatureMatrix> longFeatures;
    if (longModel && longCohort) {
        result.hasLong = true;
        result.longContext = longContext > 0 ? longContext : trainedWindow(*longModel);
        if (result.longContext <= 0) throw Error("lift-ehr: the long-context model has no context limit; say which window it reads");
        longFeatures = featurize(*longModel, longCohort->tokens, labelled.requests, result.longContext, device,
                                 config.featurizeTokensPerBatch, job.slice(0.9, 0.97));
    }

    // One bootstrap over the subset's test patients, shared by the three variants.
    std::vector<std::uint32_t> testPatients;
    for (const auto p : chosen)
        if (cohort.cohort.splits[p] == Split::HeldOut) testPatients.push_back(p);
    std::vector<int> slotOf(cohort.cohort.numPatients(), -1);
    for (std::size_t i = 0; i < testPatients.size(); ++i) slotOf[testPatients[i]] = static_cast<int>(i);
    const PatientBootstrap bootstrap(testPatients.size(), config.probe.bootstrapReplicates, config.probe.bootstrapSeed);
    std::vector<TaskResult> baseResults, liftResults, longResults;
    for (const auto& task : tasks) {
        job.throwIfCancelled();
        const auto& examples = labelled.examples.at(task);
        TimelineLiftTask row;
        row.task = task;
        auto b = evaluateLinearProbe(base, task, examples, config.probe, bootstrap, slotOf);
        row.evaluated = b.evaluated;
        row.skipReason = b.skipReason;
        row.testCount = b.testCount;
        row.testPositives = b.testPositives;
        if (b.evaluated) {
            auto l = evaluateLinearProbe(adapted, task, examples, config.probe, bootstrap, slotOf);
            row.base = b.auroc;
            row.lift = l.auroc;
            liftResults.push_back(std::move(l));
            if (longFeatures) {
                auto g = evaluateLinearProbe(*longFeatures, task, examples, config.probe, bootstrap, slotOf);
                row.longContext = g.auroc;
                longResults.push_back(std::move(g));
            }
        }
        baseResults.push_back(std::move(b));
        result.tasks.push_back(row);
    }
    job.report("Fitting task heads", 1.0);
    result.meanBase = meanAurocOverTasks(baseResults);
    result.meanLift = meanAurocOverTasks(liftResults);
    if (longFeatures) result.meanLong = meanAurocOverTasks(longResults);
    return result;
}

}  // namespace cb
