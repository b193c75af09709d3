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
#include <torch/utils.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <stdexcept>
#include <utility>
#include <vector>

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

// Held-out patients with notes, the closest in history size to `chars` first.
std::vector<std::size_t> rankedHeldOutPatients(const Cohort& cohort, std::size_t chars) {
    std::vector<std::pair<std::size_t, std::size_t>> byDistance;  // (distance, patient)
    for (auto p : cohort.patientsIn(Split::HeldOut)) {
        const auto size = writeNoteHistory(cohort, p).text.size();
        if (size > 0) byDistance.emplace_back(distance(size, chars), p);
    }
    if (byDistance.empty()) throw std::runtime_error("the LIFT demo cohort has no held-out patient with notes");
    std::stable_sort(byDistance.begin(), byDistance.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::size_t> ranked;
    for (const auto& [d, p] : byDistance) ranked.push_back(p);
    return ranked;
}

// The notes, and questions spread evenly over the history, so some lie in the part an ICL prompt
// keeps and most in the part it drops.
void writeDocument(const NoteHistory& document, std::size_t questions, const std::string& documentPath,
                   const std::string& questionsPath) {
    writeFileAtomically(documentPath, [&](std::ostream& out) { out << document.text; });
    writeFileAtomically(questionsPath, [&](std::ostream& out) {
        const auto& facts = document.facts;
        const auto n = std::min(questions, facts.size());
        for (std::size_t k = 0; k < n; ++k) {
            const auto& f = facts[k * facts.size() / n];
            out << nlohmann::json{{"question", f.question}, {"answer", f.answer}, {"evidence", f.evidence}, {"kind", f.kind}}.dump() << '\n';
        }
    });
}

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
    const auto best = rankedHeldOutPatients(cohort, config.documentChars).front();
    const auto document = writeNoteHistory(cohort, best);

    job.report("Pretraining the demo text model", 0.05);
    // Seeded here, as the EHR models are: the same settings give the same demo model.
    torch::manual_seed(config.pretraining.seed);
    auto model = createForPretraining("llama", config.shape, tokenizer.vocabSize(), config.context);
    model->module().to(torch::Device(device));
    auto pretraining = config.pretraining;
    pretraining.contextLength = config.context;
    const auto trained = pretrain(*model, tokens, train, pretraining, device, job.slice(0.05, 1.0));
    model->module().to(torch::kCPU);
    saveCheckpoint(*model, assets.modelDir, nullptr, {{"tokenizer.json", tokenizerJson.dump()}});

    writeDocument(document, config.questions, assets.documentPath, assets.questionsPath);
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

LiftDemoDocument writeLiftDemoDocument(const std::string& dir, const LiftDemoConfig& config, int rank) {
    if (rank < 0) throw std::invalid_argument("the demo document rank must not be negative");
    SyntheticConfig cohortConfig;
    cohortConfig.patients = config.patients;
    cohortConfig.seed = config.seed;
    const auto cohort = generateSyntheticCohort(cohortConfig, {});
    const auto ranked = rankedHeldOutPatients(cohort, config.documentChars);
    if (static_cast<std::size_t>(rank) >= ranked.size())
        throw std::invalid_argument("the demo cohort has " + std::to_string(ranked.size()) + " held-out patients with notes; rank " +
                                    std::to_string(rank) + " is past them");
    const auto patient = ranked[static_cast<std::size_t>(rank)];
    const auto folder = fs::path(dir) / ("patient-" + std::to_string(rank));
    fs::create_directories(folder);
    LiftDemoDocument out{(folder / "document.txt").string(), (folder / "questions.jsonl").string(), std::to_string(cohort.subjectIds[patient])};
    writeDocument(writeNoteHistory(cohort, patient), config.questions, out.documentPath, out.questionsPath);
    return out;
}

}  // namespace cb
