#include "core/lift/lift_session.h"

#include "core/lift/adapted_weights.h"
#include "core/lift/answer_scoring.h"
#include "core/lift/document_tokens.h"
#include "core/lift/lift_prompt.h"
#include "core/lift/lora.h"
#include "core/lift/weight_snapshot.h"
#include "core/models/causal_lm.h"
#include "core/models/trained_window.h"
#include "core/runtime/peak_memory.h"
#include "core/tokenize/text/text_tokenizer.h"

#include <torch/nn/module.h>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <stdexcept>

namespace cb {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

// Token ids whose text holds a line break: greedy answers end at the first one.
std::vector<std::int32_t> lineBreakIds(const TextTokenizer& tokenizer) {
    std::vector<std::int32_t> ids;
    for (int id = 0; id < tokenizer.vocabSize(); ++id)
        if (tokenizer.decode({id}, false).find('\n') != std::string::npos) ids.push_back(id);
    return ids;
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n\f\v") == std::string::npos; }

// The logits of the first tokens of the document: taken before and after a run, they show whether
// the base model came back exactly.
at::Tensor fingerprint(CausalLm& model, const std::vector<std::int32_t>& ids, int window, const c10::Device& device) {
    const auto n = std::min<std::size_t>(ids.size(), static_cast<std::size_t>(std::min(window, 64)));
    return sequenceLogits(model, std::vector<std::int32_t>(ids.begin(), ids.begin() + static_cast<long>(n)), device).to(at::kCPU);
}

// Greedy answers stop before any of `stops` (line breaks, end of text).
ModeOutcome askAll(CausalLm& model, const TextTokenizer& tokenizer, const PromptBuilder& prompts, const LiftRequest& request,
                   const std::vector<std::int32_t>& stops, LiftMode mode, const c10::Device& device, const JobContext& job,
                   bool& truncated) {
    const auto started = std::chrono::steady_clock::now();
    ModeOutcome outcome;
    outcome.mode = mode;
    const bool withContext = mode != LiftMode::LiftOnly;
    const auto n = request.questions.size();
    for (std::size_t i = 0; i < n; ++i) {
        job.throwIfCancelled();
        const auto& qa = request.questions[i];
        const auto answer = prompts.answerIds(qa.answer);
        const auto prompt = prompts.build(qa.question, withContext, answer.size(), qa.evidence);
        truncated = truncated || prompt.truncated;
        QuestionOutcome q;
        q.question = qa.question;
        q.reference = qa.answer;
        q.answerTokens = static_cast<int>(answer.size());
        q.evidenceInWindow = prompt.evidenceInWindow;
        q.logLikelihood = answerLogLikelihood(model, prompt.ids, answer, device);
        auto text = tokenizer.decode(greedyContinuation(model, prompt.ids, request.config.maxNewTokens, stops, device), true);
        if (const auto cut = text.find('\n'); cut != std::string::npos) text.resize(cut);
        q.answer = text;
        q.exact = answersMatch(text, qa.answer);
        outcome.questions.push_back(std::move(q));
        job.report("Answering (" + liftModeName(mode) + ")", static_cast<double>(i + 1) / static_cast<double>(n));
    }
    outcome.seconds = secondsSince(started);
    return outcome;
}

std::vector<AnswerSample> auxiliarySamples(const PromptBuilder& prompts, const std::vector<QaPair>& pairs) {
    std::vector<AnswerSample> samples;
    for (const auto& qa : pairs) {
        auto answer = prompts.answerIds(qa.answer);
        samples.push_back({prompts.build(qa.question, true, answer.size(), {}).ids, std::move(answer)});
    }
    return samples;
}

}  // namespace

double ModeOutcome::exactMatch() const {
    if (questions.empty()) return kNaN;
    double hits = 0;
    for (const auto& q : questions) hits += q.exact ? 1 : 0;
    return hits / static_cast<double>(questions.size());
}

double ModeOutcome::meanLogLikelihood() const {
    if (questions.empty()) return kNaN;
    double sum = 0;
    for (const auto& q : questions) sum += q.logLikelihood;
    return sum / static_cast<double>(questions.size());
}

double ModeOutcome::exactMatchOutsideWindow() const {
    double hits = 0, count = 0;
    for (const auto& q : questions) {
        if (!q.evidenceInWindow.has_value() || *q.evidenceInWindow) continue;
        ++count;
        hits += q.exact ? 1 : 0;
    }
    return count > 0 ? hits / count : kNaN;
}

double LiftReport::secondsPer1kTokens() const {
    if (!training || documentTokens == 0) return kNaN;
    return training->seconds / (static_cast<double>(documentTokens) / 1000.0);
}

double LiftReport::trainingTokensPerSecond() const {
    if (!training || training->seconds <= 0) return kNaN;
    return static_cast<double>(training->tokensPerEpoch) * static_cast<double>(training->epochs.size()) / training->seconds;
}

const ModeOutcome* LiftReport::mode(LiftMode m) const {
    for (const auto& o : modes)
        if (o.mode == m) return &o;
    return nullptr;
}

nlohmann::json LiftReport::toJson() const {
    nlohmann::json j;
    for (const auto& o : modes) {
        nlohmann::json questions = nlohmann::json::array();
        for (const auto& q : o.questions) {
            questions.push_back({{"question", q.question}, {"reference", q.reference}, {"answer", q.answer},
                                 {"log_likelihood", number(q.logLikelihood)}, {"answer_tokens", q.answerTokens},
                                 {"exact_match", q.exact},
                                 {"evidence_in_window", q.evidenceInWindow ? nlohmann::json(*q.evidenceInWindow) : nlohmann::json(nullptr)}});
        }
        j[liftModeName(o.mode)] = {{"exact_match", number(o.exactMatch())}, {"mean_log_likelihood", number(o.meanLogLikelihood())},
                                   {"exact_match_outside_window", number(o.exactMatchOutsideWindow())},
                                   {"seconds", o.seconds}, {"questions", questions}};
    }
    j["seconds_per_1k_tokens"] = number(secondsPer1kTokens());
    j["training_tokens_per_second"] = number(trainingTokensPerSecond());
    j["peak_memory_mb"] = peakMegabytes;
    j["document_tokens"] = documentTokens;
    j["invalid_utf8_bytes"] = invalidUtf8Bytes;
    j["context_window"] = contextWindow;
    j["prompt_truncated"] = promptTruncated;
    j["trainable_parameters"] = trainableParameters;
    j["perplexity"] = {{"document_base", number(basePerplexity)}, {"document_adapted", number(adaptedPerplexity)},
                       {"held_out_base", number(heldOutBasePerplexity)}, {"held_out_adapted", number(heldOutAdaptedPerplexity)}};
    j["base_restored"] = baseRestored;
    j["config"] = config.toJson();
    j["cached"] = cached;
    if (!savedTo.empty()) j["saved_to"] = savedTo;
    if (training) {
        nlohmann::json epochs = nlohmann::json::array();
        for (const auto& e : training->epochs)
            epochs.push_back({{"epoch", e.epoch}, {"segment_loss", e.segmentLoss}, {"qa_loss", e.withQa ? nlohmann::json(e.qaLoss) : nlohmann::json(nullptr)}, {"seconds", e.seconds}});
        j["training"] = {{"segments", training->segments}, {"tokens_per_epoch", training->tokensPerEpoch},
                         {"optimizer_steps", training->optimizerSteps}, {"seconds", training->seconds}, {"epochs", epochs}};
    }
    return j;
}

namespace {

double orNaN(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it == j.end() || it->is_null() ? kNaN : it->get<double>();
}

}  // namespace

LiftReport LiftReport::fromJson(const nlohmann::json& j) {
    LiftReport r;
    for (const auto mode : {LiftMode::Icl, LiftMode::LiftOnly, LiftMode::LiftIcl}) {
        const auto it = j.find(liftModeName(mode));
        if (it == j.end()) continue;
        ModeOutcome o;
        o.mode = mode;
        o.seconds = it->value("seconds", 0.0);
        for (const auto& q : it->at("questions")) {
            QuestionOutcome out;
            out.question = q.at("question").get<std::string>();
            out.reference = q.at("reference").get<std::string>();
            out.answer = q.at("answer").get<std::string>();
            out.logLikelihood = orNaN(q, "log_likelihood");
            out.answerTokens = q.value("answer_tokens", 0);
            out.exact = q.value("exact_match", false);
            if (const auto e = q.find("evidence_in_window"); e != q.end() && !e->is_null()) out.evidenceInWindow = e->get<bool>();
            o.questions.push_back(std::move(out));
        }
        r.modes.push_back(std::move(o));
    }
    r.peakMegabytes = j.value("peak_memory_mb", 0.0);
    r.documentTokens = j.value("document_tokens", std::int64_t{0});
    r.invalidUtf8Bytes = j.value("invalid_utf8_bytes", std::size_t{0});
    r.contextWindow = j.value("context_window", 0);
    r.promptTruncated = j.value("prompt_truncated", false);
    r.trainableParameters = j.value("trainable_parameters", std::int64_t{0});
    const auto& ppl = j.at("perplexity");
    r.basePerplexity = orNaN(ppl, "document_base");
    r.adaptedPerplexity = orNaN(ppl, "document_adapted");
    r.heldOutBasePerplexity = orNaN(ppl, "held_out_base");
    r.heldOutAdaptedPerplexity = orNaN(ppl, "held_out_adapted");
    r.baseRestored = j.value("base_restored", false);
    r.config = LiftConfig::fromJson(j.at("config"));
    r.savedTo = j.value("saved_to", std::string());
    if (const auto t = j.find("training"); t != j.end()) {
        LiftTrainResult training;
        training.segments = t->value("segments", std::int64_t{0});
        training.tokensPerEpoch = t->value("tokens_per_epoch", std::int64_t{0});
        training.optimizerSteps = t->value("optimizer_steps", 0);
        training.seconds = t->value("seconds", 0.0);
        for (const auto& e : t->at("epochs")) {
            LiftEpoch epoch;
            epoch.epoch = e.value("epoch", 0);
            epoch.segmentLoss = e.value("segment_loss", 0.0);
            epoch.seconds = e.value("seconds", 0.0);
            epoch.withQa = e.contains("qa_loss") && !e["qa_loss"].is_null();
            epoch.qaLoss = epoch.withQa ? e["qa_loss"].get<double>() : 0.0;
            training.epochs.push_back(epoch);
        }
        r.training = training;
    }
    return r;
}

LiftReport runLift(CausalLm& model, const TextTokenizer& tokenizer, const LiftRequest& request, const c10::Device& device,
                   const JobContext& job, const LiftEpochFn& onEpoch) {
    request.config.validate();
    if (blank(request.document)) throw std::invalid_argument("the document is empty or only whitespace: there is nothing to fine-tune on");
    LiftReport report;
    report.config = request.config.forDevice(device.is_cuda());
    const auto encoded = tokenizeDocument(tokenizer, request.document, job.slice(0.0, 0.02));
    report.invalidUtf8Bytes = encoded.replacedBytes;
    const auto& ids = encoded.ids;
    report.documentTokens = static_cast<std::int64_t>(ids.size());
    report.contextWindow = resolveContextWindow(request.config.contextWindow, trainedWindow(model));
    report.heldOutBasePerplexity = report.heldOutAdaptedPerplexity = kNaN;
    const PromptBuilder prompts(tokenizer, request.config, ids, report.contextWindow);
    const auto heldOut = blank(request.heldOut) ? std::vector<std::int32_t>{} : tokenizer.encode(request.heldOut, false);

    auto stops = lineBreakIds(tokenizer);  // once: it decodes the whole vocabulary
    if (const auto eos = tokenizer.eosId()) stops.push_back(*eos);
    bool wantLift = false;
    for (auto m : request.modes) wantLift = wantLift || m != LiftMode::Icl;
    const auto before = fingerprint(model, ids, report.contextWindow, device);

    job.report("Reading the document", 0.02);
    report.basePerplexity = sequencePerplexity(model, ids, report.contextWindow, device);
    if (!heldOut.empty()) report.heldOutBasePerplexity = sequencePerplexity(model, heldOut, report.contextWindow, device);
    for (auto m : request.modes)
        if (m == LiftMode::Icl) report.modes.push_back(askAll(model, tokenizer, prompts, request, stops, m, device, job.slice(0.0, 0.15), report.promptTruncated));

    if (wantLift) {
        const PeakMemoryProbe memory(device);
        // Exactly one of these lives during the adaptation; its end restores the base model.
        std::unique_ptr<LoraAttachment> lora;
        std::unique_ptr<WeightSnapshot> snapshot;
        std::vector<at::Tensor> parameters;
        if (request.config.fullFineTuning()) {
            snapshot = std::make_unique<WeightSnapshot>(model.module());
            for (auto& p : model.module().parameters())
                if (p.requires_grad()) parameters.push_back(p);
        } else {
            lora = std::make_unique<LoraAttachment>(model, request.config.loraRank, 2.0 * request.config.loraRank, request.config.seed);
            parameters = lora->parameters();
        }
        for (const auto& p : parameters) report.trainableParameters += p.numel();
        report.training = trainOnInput(model, ids, auxiliarySamples(prompts, request.auxiliary), parameters, request.config, device,
                                       job.slice(0.15, 0.75), onEpoch);
        report.peakMegabytes = memory.peakMegabytes();
        report.adaptedPerplexity = sequencePerplexity(model, ids, report.contextWindow, device);
        if (!heldOut.empty()) report.heldOutAdaptedPerplexity = sequencePerplexity(model, heldOut, report.contextWindow, device);
        for (auto m : request.modes)
            if (m != LiftMode::Icl) report.modes.push_back(askAll(model, tokenizer, prompts, request, stops, m, device, job.slice(0.75, 1.0), report.promptTruncated));
        if (request.keepAdapted || !request.saveAdaptedTo.empty())
            report.adapted = std::make_shared<AdaptedWeights>(lora ? AdaptedWeights::fromLora(*lora, request.config.loraRank)
                                                                   : AdaptedWeights::fromModel(model));
    }
    if (!request.saveAdaptedTo.empty() && report.adapted) {
        saveAdaptedModel(model, *report.adapted, tokenizer.json(), request.saveAdaptedTo);
        report.savedTo = request.saveAdaptedTo;
    }
    report.baseRestored = at::equal(before, fingerprint(model, ids, report.contextWindow, device));
    if (!report.baseRestored) throw std::logic_error("LIFT left the base model changed: its logits differ from before the run");
    return report;
}

}  // namespace cb
