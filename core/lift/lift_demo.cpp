#include "core/lift/lift_demo.h"

#include "core/cohort/clinical_notes.h"
#include "core/cohort/synthetic_generator.h"
#include "core/common/json_file.h"
#include "core/io/atomic_file.h"
#include "core/models/checkpoint.h"
#include "core/models/pretraining_shapes.h"
#include "core/tokenize/text/byte_tokenizer.h"
#include "core/tokenize/text/text_tokenizer.h"
#include "core/tokenize/tokenized_cohort.h"
#include "core/train/pretrainer.h"

#include <nlohmann/json.hpp>

#include <torch/nn/module.h>

#include <cstdlib>
#include <filesystem>
#include <numeric>

namespace fs = std::filesystem;

namespace cb {

LiftDemoConfig::LiftDemoConfig() {
    pretraining.contextLength = context;
    pretraining.tokenBudget = 3'000'000;
    pretraining.tokensPerStep = 8192;
    pretraining.learningRate = 3e-3;
    pretraining.weightDecay = 0.1;
    lift.segmentLength = context;
    lift.epochs = 15;
    lift.stepsPerEpoch = 10;
    lift.loraRank = 0;
    lift.learningRate = 2e-3;
    lift.contextWindow = context;
    lift.promptTemplate = "{context}\n{question}";
}

nlohmann::json LiftDemoConfig::toJson() const {
    return {{"patients", patients}, {"seed", seed}, {"shape", shape.toJson()}, {"context", context},
            {"pretraining", pretraining.toJson()}, {"document_chars", documentChars}, {"questions", questions},
            {"format", 1}};
}

namespace {

std::size_t distance(std::size_t a, std::size_t b) { return a > b ? a - b : b - a; }

bool complete(const fs::path& root) {
    for (const char* f : {"model/config.json", "model/model.safetensors", "model/tokenizer.json", "document.txt", "questions.jsonl", "lift-demo.json"})
        if (!fs::exists(root / f)) return false;
    return true;
}

}  // namespace

LiftDemoAssets prepareLiftDemo(const std::string& dir, const LiftDemoConfig& config, const std::string& device, const JobContext& job) {
    const fs::path root(dir);
    LiftDemoAssets assets{(root / "model").string(), (root / "document.txt").string(), (root / "questions.jsonl").string()};
    const auto settings = config.toJson();
    if (complete(root)) {
        const auto recorded = readJsonFile((root / "lift-demo.json").string(), "LIFT demo record");
        if (recorded.value("settings", nlohmann::json()) == settings) {
            assets.reused = true;
            assets.pretrainSeconds = recorded.value("pretrain_seconds", 0.0);
            assets.finalLoss = recorded.value("final_loss", 0.0);
            return assets;
        }
    }
    fs::create_directories(root);

    job.report("Writing clinical notes", 0.0);
    SyntheticConfig cohortConfig;
    cohortConfig.patients = config.patients;
    cohortConfig.seed = config.seed;
    const auto cohort = generateSyntheticCohort(cohortConfig, job.slice(0.0, 0.03));
    const auto tokenizerJson = makeByteTokenizerJson();
    const auto tokenizer = TextTokenizer::fromJson(tokenizerJson, "built-in byte tokenizer");

    std::vector<std::vector<std::int32_t>> corpus;
    std::vector<std::uint32_t> train;
    for (auto p : cohort.patientsIn(Split::Train)) {
        const auto notes = writeNoteHistory(cohort, p);
        if (notes.text.empty()) continue;
        train.push_back(static_cast<std::uint32_t>(corpus.size()));
        corpus.push_back(tokenizer.encode(notes.text, true));
    }
    const auto tokens = TokenizedCohort::fromSequences(corpus);

    // The demo document: a held-out patient whose history is closest to the requested size.
    std::size_t best = 0, bestDistance = static_cast<std::size_t>(-1);
    for (auto p : cohort.patientsIn(Split::HeldOut)) {
        const auto size = writeNoteHistory(cohort, p).text.size();
        if (distance(size, config.documentChars) < bestDistance) best = p, bestDistance = distance(size, config.documentChars);
    }
    const auto document = writeNoteHistory(cohort, best);

    job.report("Pretraining the demo text model", 0.05);
    auto model = createForPretraining("llama", config.shape, tokenizer.vocabSize(), config.context);
    model->module().to(torch::Device(device));
    auto pretraining = config.pretraining;
    pretraining.contextLength = config.context;
    const auto trained = pretrain(*model, tokens, train, pretraining, device, job.slice(0.05, 1.0));
    model->module().to(torch::kCPU);
    saveCheckpoint(*model, assets.modelDir, nullptr, {{"tokenizer.json", tokenizerJson.dump()}});

    writeFileAtomically(assets.documentPath, [&](std::ostream& out) { out << document.text; });
    // Questions spread evenly over the history, so some lie in the part an ICL prompt keeps and most
    // in the part it drops.
    writeFileAtomically(assets.questionsPath, [&](std::ostream& out) {
        const auto& facts = document.facts;
        const auto n = std::min(config.questions, facts.size());
        for (std::size_t k = 0; k < n; ++k) {
            const auto& f = facts[k * facts.size() / n];
            out << nlohmann::json{{"question", f.question}, {"answer", f.answer}, {"evidence", f.evidence}, {"kind", f.kind}}.dump() << '\n';
        }
    });
    assets.pretrainSeconds = trained.seconds;
    assets.finalLoss = trained.finalLoss();
    writeFileAtomically((root / "lift-demo.json").string(), [&](std::ostream& out) {
        out << nlohmann::json{{"settings", settings}, {"pretrain_seconds", trained.seconds}, {"final_loss", trained.finalLoss()},
                              {"initial_loss", trained.initialLoss()}, {"corpus_tokens", tokens.totalTokens()},
                              {"document_patient", cohort.subjectIds[best]}, {"document_chars", document.text.size()}}
                   .dump(2)
            << '\n';
    });
    return assets;
}

}  // namespace cb
