#include "core/lift/lift_session.h"
#include "core/models/model_folder.h"
#include "core/tokenize/text/text_tokenizer.h"
#include "tests/support/json_fixture.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>

namespace cb {
namespace {

// tests/data/text_model: a tiny random Llama with the Llama-3-style tokenizer fixture, written by
// tools/make_text_model_fixture.py together with HF transformers' logits.
struct TextModel {
    OpenedModel opened = openModelFolder(test::dataPath("text_model"), torch::kCPU);
    TextTokenizer tokenizer = TextTokenizer::fromFile(test::dataPath("text_model/tokenizer.json"));
};

at::Tensor logitsOf(CausalLm& model, const std::vector<std::int32_t>& ids) {
    torch::NoGradGuard noGrad;
    model.module().eval();
    auto input = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end())).unsqueeze(0);
    return model.logits(model.hidden(input));
}

std::string notesDocument(int lines) {
    std::string text;
    for (int i = 0; i < lines; ++i)
        text += "On day " + std::to_string(i) + " hemoglobin was " + std::to_string(90 + (i * 37) % 70) + ".\n";
    return text;
}

LiftRequest smallRequest() {
    LiftRequest r;
    r.document = notesDocument(60);
    // Values as notesDocument writes them: 90 + (37 day mod 70).
    r.questions = {{"On day 1 hemoglobin was", "127", "On day 1 hemoglobin was 127."},
                   {"On day 30 hemoglobin was", "150", "On day 30 hemoglobin was 150."}};
    r.config.segmentLength = 64;
    r.config.epochs = 2;
    r.config.loraRank = 4;
    r.config.learningRate = 1e-2;
    r.config.contextWindow = 96;
    r.config.maxNewTokens = 4;
    r.config.promptTemplate = "{context}\n{question}";
    return r;
}

TEST(TextModel, LoadsWithItsTokenizerAndMatchesTransformers) {
    TextModel m;
    const auto expected = test::loadJson("text_model/expected.json");
    const auto ids = m.tokenizer.encode(expected["text"].get<std::string>(), true);
    EXPECT_EQ(ids, expected["ids"].get<std::vector<std::int32_t>>());
    const auto last = logitsOf(*m.opened.model, ids)[0][-1];
    const auto reference = torch::tensor(expected["last_logits"].get<std::vector<float>>());
    EXPECT_TRUE(torch::allclose(last, reference, 1e-4, 1e-5)) << (last - reference).abs().max().item<float>();
}

TEST(LiftSession, RunsEveryModeAndLeavesTheBaseModelBitIdentical) {
    TextModel m;
    const auto probe = m.tokenizer.encode(notesDocument(4), true);
    const auto before = logitsOf(*m.opened.model, probe);
    int epochsSeen = 0;
    const auto report = runLift(*m.opened.model, m.tokenizer, smallRequest(), torch::kCPU, {}, [&](const LiftEpoch&) { ++epochsSeen; });
    EXPECT_TRUE(torch::equal(logitsOf(*m.opened.model, probe), before));
    EXPECT_TRUE(report.baseRestored);
    EXPECT_EQ(epochsSeen, 2);
    ASSERT_EQ(report.modes.size(), 3u);
    ASSERT_TRUE(report.training);
    EXPECT_GT(report.training->segments, 3);
    EXPECT_TRUE(report.promptTruncated);
    // The first fact sits in the head the truncated prompt keeps; the middle one is cut out.
    const auto* icl = report.mode(LiftMode::Icl);
    ASSERT_TRUE(icl);
    ASSERT_EQ(icl->questions.size(), 2u);
    EXPECT_TRUE(icl->questions[0].evidenceInWindow.value_or(false));
    EXPECT_FALSE(icl->questions[1].evidenceInWindow.value_or(true));
    EXPECT_FALSE(report.mode(LiftMode::LiftOnly)->questions[0].evidenceInWindow.has_value());
    for (const auto& mode : report.modes)
        for (const auto& q : mode.questions) EXPECT_LT(q.logLikelihood, 0.0);
    // LoRA moves the model: the same question scores differently after LIFT.
    EXPECT_NE(report.mode(LiftMode::LiftIcl)->questions[0].logLikelihood, icl->questions[0].logLikelihood);

    const auto json = report.toJson();
    for (const char* key : {"icl", "lift", "lift+icl", "seconds_per_1k_tokens"}) EXPECT_TRUE(json.contains(key)) << key;
    EXPECT_GT(json["seconds_per_1k_tokens"].get<double>(), 0.0);
    EXPECT_EQ(json["lift"]["questions"].size(), 2u);
}

TEST(LiftSession, FullFineTuningSavesTheAdaptedModelAsANewFolderOnly) {
    TextModel m;
    test::TempDir dir;
    auto request = smallRequest();
    request.modes = {LiftMode::LiftOnly};
    request.config.loraRank = 0;
    request.config.learningRate = 1e-3;
    request.saveAdaptedTo = dir.file("adapted");
    const auto probe = m.tokenizer.encode(notesDocument(3), true);
    const auto before = logitsOf(*m.opened.model, probe);
    const auto report = runLift(*m.opened.model, m.tokenizer, request, torch::kCPU);
    EXPECT_TRUE(torch::equal(logitsOf(*m.opened.model, probe), before));
    EXPECT_EQ(report.config.precision, "fp32");  // "auto" on the CPU, as the run records it
    EXPECT_EQ(report.trainableParameters, m.opened.parameters);
    ASSERT_TRUE(std::filesystem::exists(dir.file("adapted/tokenizer.json")));
    auto adapted = openModelFolder(dir.file("adapted"), torch::kCPU);
    EXPECT_FALSE(torch::equal(logitsOf(*adapted.model, probe), before));
    EXPECT_EQ(TextTokenizer::fromFile(dir.file("adapted/tokenizer.json")).encode("On day 3", false), m.tokenizer.encode("On day 3", false));
}

TEST(LiftSession, BadDocumentsGetClearAnswers) {
    TextModel m;
    auto request = smallRequest();
    for (const char* empty : {"", " \n\t  \n"}) {
        request.document = empty;
        try {
            runLift(*m.opened.model, m.tokenizer, request, torch::kCPU);
            FAIL() << "an empty document was accepted";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("empty"), std::string::npos);
        }
    }
    // Invalid UTF-8 is replaced and counted; a document shorter than one segment is one segment.
    request.document = "On day 1 hemoglobin was 12\xff\xfe.\nOn day 2 it was \xc3(.\n";
    request.modes = {LiftMode::LiftOnly};
    request.config.segmentLength = 512;
    const auto report = runLift(*m.opened.model, m.tokenizer, request, torch::kCPU);
    EXPECT_EQ(report.invalidUtf8Bytes, 3u);
    ASSERT_TRUE(report.training);
    EXPECT_EQ(report.training->segments, 1);
}

TEST(LiftSession, ACancelledRunLeavesTheModelAsItWas) {
    TextModel m;
    const auto probe = m.tokenizer.encode(notesDocument(3), true);
    const auto before = logitsOf(*m.opened.model, probe);
    for (int rank : {4, 0}) {
        auto request = smallRequest();
        request.config.loraRank = rank;
        CancelToken token;
        const JobContext job([&](const ProgressUpdate& u) {
            if (u.stage == "LIFT training") token.cancel();
        }, token);
        EXPECT_THROW(runLift(*m.opened.model, m.tokenizer, request, torch::kCPU, job), Cancelled);
        EXPECT_TRUE(torch::equal(logitsOf(*m.opened.model, probe), before)) << "rank " << rank;
        for (const auto& p : m.opened.model->module().parameters()) EXPECT_TRUE(p.requires_grad());
    }
}

}  // namespace
}  // namespace cb
