#include "core/analysis/context_sweep.h"
#include "core/analysis/results_csv.h"
#include "core/cohort/synthetic_generator.h"
#include "core/store/result_store.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace cb {
namespace {

std::shared_ptr<const PreparedCohort> tinyCohort() {
    SyntheticConfig c;
    c.patients = 150;
    return prepareCohort(generateSyntheticCohort(c), VocabularyConfig{});
}

ContextSweepConfig tinySweep() {
    ContextSweepConfig c;
    c.contexts = {32, 64};
    c.shape.hiddenSize = 16;
    c.shape.intermediateSize = 32;
    c.shape.numLayers = 1;
    c.shape.numHeads = 2;
    c.shape.numKvHeads = 1;
    c.pretrain.tokenBudget = 8000;
    c.pretrain.tokensPerStep = 1024;
    c.probe.bootstrapReplicates = 50;
    c.probe.cGrid = {1e-2, 1.0};
    c.device = "cpu";
    return c;
}

struct StageLog {
    std::vector<std::string> stages;
    ProgressFn callback() {
        return [this](const ProgressUpdate& u) { stages.push_back(u.stage); };
    }
    bool saw(const std::string& prefix) const {
        for (const auto& s : stages)
            if (s.rfind(prefix, 0) == 0) return true;
        return false;
    }
};

std::map<std::string, fs::file_time_type> modelFiles(const fs::path& root) {
    std::map<std::string, fs::file_time_type> out;
    if (!fs::exists(root / "models")) return out;
    for (const auto& e : fs::recursive_directory_iterator(root / "models"))
        if (e.is_regular_file()) out[e.path().string()] = e.last_write_time();
    return out;
}

}  // namespace

TEST(ContextSweep, EvaluatesEachContextThenServesTheCacheComputingNothing) {
    test::TempDir dir;
    const auto cohort = tinyCohort();
    const auto config = tinySweep();
    const WorkspacePaths workspace{dir.str()};

    StageLog first;
    std::vector<int> announced;
    const auto computed = runContextSweep(*cohort, config, workspace, JobContext(first.callback(), CancelToken()),
                                          [&](const ContextPoint& p) { announced.push_back(p.context); });
    EXPECT_EQ(announced, (std::vector<int>{32, 64}));
    ASSERT_EQ(computed.points.size(), 2u);
    EXPECT_FALSE(computed.allCached);
    EXPECT_TRUE(first.saw("Pretraining"));
    for (const auto& p : computed.points) {
        EXPECT_FALSE(p.cached);
        EXPECT_EQ(p.tasks.size(), 14u);
        EXPECT_GT(p.meanAuroc.value, 0.3);
        EXPECT_LE(p.meanAuroc.low, p.meanAuroc.value);
        EXPECT_GE(p.meanAuroc.high, p.meanAuroc.value);
    }
    const auto filesBefore = modelFiles(dir.path());
    EXPECT_EQ(filesBefore.size(), 6u);  // two folders of config, weights, tokenizer

    StageLog second;
    const auto cached = runContextSweep(*cohort, config, workspace, JobContext(second.callback(), CancelToken()));
    EXPECT_TRUE(cached.allCached);
    EXPECT_FALSE(second.saw("Pretraining"));
    EXPECT_FALSE(second.saw("Featurising"));
    EXPECT_FALSE(second.saw("Loading "));  // no model is even read
    EXPECT_EQ(modelFiles(dir.path()), filesBefore);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_TRUE(cached.points[i].cached);
        EXPECT_EQ(cached.points[i].meanAuroc.value, computed.points[i].meanAuroc.value);
        EXPECT_EQ(cached.points[i].runId, computed.points[i].runId);
    }
    EXPECT_EQ(cachedContextPoints(*cohort, config, workspace).size(), 2u);

    // Another attention setting or probe is another key: not served from this cache.
    auto changed = config;
    changed.probe.bootstrapSeed += 1;
    EXPECT_TRUE(cachedContextPoints(*cohort, changed, workspace).empty());

    writeContextResultsCsv(dir.file("results.csv"), cached.points);
    std::ifstream csv(dir.file("results.csv"));
    std::string header;
    std::getline(csv, header);
    EXPECT_EQ(header, "architecture,context,attention,task,metric,value,ci_low,ci_high,bootstrap_replicates");
}

TEST(ContextSweep, ACancelledRunStoresNothingMarkedComplete) {
    test::TempDir dir;
    const auto cohort = tinyCohort();
    const auto config = tinySweep();
    const WorkspacePaths workspace{dir.str()};
    CancelToken token;
    // Cancel as soon as featurisation of the first context starts: its model is trained, its
    // evaluation is not.
    const JobContext job([&](const ProgressUpdate& u) {
        if (u.stage.rfind("Featurising", 0) == 0) token.cancel();
    }, token);
    EXPECT_THROW(runContextSweep(*cohort, config, workspace, job), Cancelled);
    {
        ResultStore store(workspace.database());
        EXPECT_TRUE(store.runs(cohort->hash, "context_auroc").empty());
    }
    for (const auto& e : fs::recursive_directory_iterator(dir.path()))
        EXPECT_EQ(e.path().string().find(".partial"), std::string::npos) << e.path();

    // Nothing half-done blocks the next run, and the trained model is reused.
    StageLog again;
    const auto outcome = runContextSweep(*cohort, config, workspace, JobContext(again.callback(), CancelToken()));
    EXPECT_EQ(outcome.points.size(), 2u);
    EXPECT_TRUE(again.saw("Loading Llama at 32"));
}

}  // namespace cb

namespace cb {

TEST(ContextSweep, WarmStartTrainsOneSharedModelThenEachContextFromIt) {
    test::TempDir dir;
    const auto cohort = tinyCohort();
    auto config = tinySweep();
    config.warmStartTokens = 6000;
    config.warmStartContext = 32;
    const WorkspacePaths workspace{dir.str()};
    StageLog log;
    runContextSweep(*cohort, config, workspace, JobContext(log.callback(), CancelToken()));
    ResultStore store(workspace.database());
    const auto models = store.modelsForCohort(cohort->hash);
    ASSERT_EQ(models.size(), 3u);  // the shared start and one model per context
    int fromStart = 0;
    std::string startKey;
    for (const auto& m : models)
        if (m.training["role"] == "warm start") startKey = m.key;
    ASSERT_FALSE(startKey.empty());
    for (const auto& m : models)
        if (m.training["role"] == "continued from warm start") {
            EXPECT_EQ(m.training["warm_start"], startKey);
            ++fromStart;
        }
    EXPECT_EQ(fromStart, 2);
    // Another warm-start budget is another model.
    auto other = config;
    other.warmStartTokens = 7000;
    EXPECT_TRUE(cachedContextPoints(*cohort, other, workspace).empty());
    EXPECT_EQ(cachedContextPoints(*cohort, config, workspace).size(), 2u);
}

// All four architectures pretrain and evaluate in one sweep, and come back from the cache.
TEST(ContextSweep, MixesArchitectures) {
    test::TempDir dir;
    const auto cohort = tinyCohort();
    auto config = tinySweep();
    config.contexts = {32};
    config.architectures = {"llama", "gpt2", "mamba", "hyena"};
    const auto outcome = runContextSweep(*cohort, config, WorkspacePaths{dir.str()});
    ASSERT_EQ(outcome.points.size(), 4u);
    const std::vector<std::string> expected{"LlamaForCausalLM", "GPT2LMHeadModel", "MambaForCausalLM", "HyenaDNAForCausalLM"};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(outcome.points[i].architecture, expected[i]);
        EXPECT_GT(outcome.points[i].meanAuroc.value, 0.3);  // a number, computed from real heads
        EXPECT_LT(outcome.points[i].meanAuroc.value, 1.0);
    }
    ResultStore store(WorkspacePaths{dir.str()}.database());
    EXPECT_EQ(store.modelsForCohort(cohort->hash).size(), 4u);
    const auto cached = cachedContextPoints(*cohort, config, WorkspacePaths{dir.str()});
    ASSERT_EQ(cached.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) EXPECT_DOUBLE_EQ(cached[i].meanAuroc.value, outcome.points[i].meanAuroc.value);
    config.architectures = {"bert"};
    EXPECT_THROW(config.validate(), Error);
}

}  // namespace cb

namespace cb {

// bf16 is a model and an evaluation of its own (never served from the fp32 cache), close to fp32,
// and every computed point keeps where its time went.
TEST(ContextSweep, Bf16IsItsOwnRunAndPointsKeepTheirTiming) {
    test::TempDir dir;
    const auto cohort = tinyCohort();
    auto config = tinySweep();
    config.contexts = {32};
    const auto fp32 = runContextSweep(*cohort, config, WorkspacePaths{dir.str()});
    ASSERT_EQ(fp32.points.size(), 1u);
    const auto& timing = fp32.points[0].timing;
    EXPECT_TRUE(timing.value("model_trained", false));
    EXPECT_GT(timing.value("featurize_tokens", 0), 0);
    EXPECT_GT(timing.value("probe_seconds", 0.0), 0.0);
    EXPECT_EQ(timing.value("ranks", 0), 1);

    config.precision = "bf16";
    const auto bf16 = runContextSweep(*cohort, config, WorkspacePaths{dir.str()});
    ASSERT_EQ(bf16.points.size(), 1u);
    EXPECT_FALSE(bf16.points[0].cached);
    EXPECT_NE(bf16.points[0].modelKey, fp32.points[0].modelKey);
    EXPECT_NEAR(bf16.points[0].meanAuroc.value, fp32.points[0].meanAuroc.value, 0.1);
    // Both are in the store now, each under its own key.
    EXPECT_TRUE(runContextSweep(*cohort, config, WorkspacePaths{dir.str()}).allCached);
    config.precision = "fp32";
    EXPECT_TRUE(runContextSweep(*cohort, config, WorkspacePaths{dir.str()}).allCached);
    config.precision = "fp16";
    EXPECT_THROW(config.validate(), Error);

    // CCA in bf16 on the CPU: its fast path takes float32 only, so the evaluation says so, keeps the
    // notice with the run, and is still computed (exactly, on the blocked path).
    config.precision = "bf16";
    config.attention = AttentionSpec::cca(4, 16);
    const auto cca = runContextSweep(*cohort, config, WorkspacePaths{dir.str()});
    ASSERT_EQ(cca.points.size(), 1u);
    ASSERT_EQ(cca.points[0].notices.size(), 1u);
    EXPECT_NE(cca.points[0].notices[0].find("float32 only"), std::string::npos) << cca.points[0].notices[0];
    const auto again = runContextSweep(*cohort, config, WorkspacePaths{dir.str()});
    ASSERT_TRUE(again.allCached);
    EXPECT_EQ(again.points[0].notices, cca.points[0].notices);  // read back from the store
}

}  // namespace cb

namespace cb {

// "Adapt to CCA": the base model is pretrained once; the adapted model continues from it with CCA,
// is stored under its own key (pointing back at its base), and comes back from the cache.
TEST(ContextSweep, AdaptedCcaContinuesFromTheBaseModelAndIsCachedApart) {
    test::TempDir dir;
    const auto cohort = tinyCohort();
    auto config = tinySweep();
    config.contexts = {64};
    const WorkspacePaths workspace{dir.str()};
    const auto full = runContextSweep(*cohort, config, workspace);
    config.attention = AttentionSpec::cca(4, 16);
    const auto zeroShot = runContextSweep(*cohort, config, workspace);
    EXPECT_EQ(zeroShot.points[0].modelKey, full.points[0].modelKey);  // the swap needs no training
    config.attention.adaptTokens = 6000;
    const auto adapted = runContextSweep(*cohort, config, workspace);
    ASSERT_EQ(adapted.points.size(), 1u);
    EXPECT_FALSE(adapted.points[0].cached);
    EXPECT_EQ(adapted.points[0].attention, "CCA g4 s16 adapted 6K");
    EXPECT_NE(adapted.points[0].modelKey, full.points[0].modelKey);
    EXPECT_GT(adapted.points[0].timing.value("model_tokens", 0), 5000);

    ResultStore store(workspace.database());
    const auto record = store.model(adapted.points[0].modelKey);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->training["adapted_from"], full.points[0].modelKey);
    EXPECT_EQ(record->training["role"], "adapted to CCA g4 s16");
    EXPECT_TRUE(runContextSweep(*cohort, config, workspace).allCached);
    EXPECT_TRUE(zeroShot.points[0].notices.empty());  // fp32 on the CPU: the fast path ran
    // Another adaptation budget is another model.
    config.attention.adaptTokens = 3000;
    EXPECT_TRUE(cachedContextPoints(*cohort, config, workspace).empty());
}

}  // namespace cb
