#include "core/common/error.h"
#include "core/store/result_store.h"
#include "core/store/schema.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace cb {
namespace {

RunRecord sampleRun(const std::string& key) {
    RunRecord r;
    r.key = key;
    r.kind = "context_auroc";
    r.cohortHash = "cohort";
    r.modelKey = "model";
    r.weightsHash = "weights";
    r.architecture = "LlamaForCausalLM";
    r.contextLength = 512;
    r.attention = "full";
    r.config = {{"context", 512}};
    r.seconds = 1.5;
    r.machine = "test";
    r.runtime = "torch";
    return r;
}

}  // namespace

TEST(ResultStore, CreatesTheSchemaAndReopensIt) {
    test::TempDir dir;
    { ResultStore store(dir.file("r.sqlite")); }
    ResultStore store(dir.file("r.sqlite"));
    EXPECT_EQ(schemaVersion(store.database()), kSchemaVersion);
    auto st = store.database().prepare("PRAGMA journal_mode");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), "wal");
}

TEST(ResultStore, RefusesADatabaseFromANewerVersion) {
    test::TempDir dir;
    {
        Database db(dir.file("r.sqlite"));
        db.exec("PRAGMA user_version = 99");
    }
    try {
        ResultStore store(dir.file("r.sqlite"));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find(dir.file("r.sqlite")), std::string::npos);
    }
    // Refused, not touched: no migration ran on it.
    Database db(dir.file("r.sqlite"));
    EXPECT_EQ(schemaVersion(db), 99);
    auto tables = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
    ASSERT_TRUE(tables.step());
    EXPECT_EQ(tables.int64(0), 0);
}

// A GUI thread and its worker may open a new workspace's database at the same moment.
TEST(ResultStore, ConnectionsOpeningANewFileTogetherMigrateItOnce) {
    for (int round = 0; round < 20; ++round) {
        test::TempDir dir;
        std::vector<std::thread> threads;
        std::atomic<int> failures{0};
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                try {
                    ResultStore store(dir.file("r.sqlite"));
                } catch (const std::exception& e) {
                    ++failures;
                    ADD_FAILURE() << e.what();
                }
            });
        for (auto& t : threads) t.join();
        ASSERT_EQ(failures.load(), 0) << "round " << round;
        ResultStore store(dir.file("r.sqlite"));
        EXPECT_EQ(schemaVersion(store.database()), kSchemaVersion);
    }
}

TEST(ResultStore, StoresARunWithMetricsAndPredictionsAndFindsItByKey) {
    test::TempDir dir;
    ResultStore store(dir.file("r.sqlite"));
    EXPECT_FALSE(store.completeRun("k1"));
    const auto id = store.putCompleteRun(sampleRun("k1"), {{"guo_los", "auroc", 0.7, 0.6, 0.8, 1000}, {"__mean__", "auroc", 0.65, std::nullopt, std::nullopt, 0}},
                                         {{"guo_los", 1001, 5, 1, 0.9}, {"guo_los", 1002, 6, 0, 0.2}});
    const auto run = store.completeRun("k1");
    ASSERT_TRUE(run);
    EXPECT_EQ(run->id, id);
    EXPECT_EQ(run->contextLength, 512);
    EXPECT_EQ(run->config["context"], 512);
    const auto metrics = store.metrics(id);
    ASSERT_EQ(metrics.size(), 2u);
    EXPECT_DOUBLE_EQ(*metrics[0].value, 0.7);
    EXPECT_FALSE(metrics[1].low.has_value());
    EXPECT_EQ(store.predictions(id, "guo_los").size(), 2u);
    EXPECT_EQ(store.runs("cohort", "context_auroc").size(), 1u);

    // Replacing a key keeps one run; deleting cascades to its rows.
    const auto id2 = store.putCompleteRun(sampleRun("k1"), {}, {});
    EXPECT_EQ(store.runs("cohort", "context_auroc").size(), 1u);
    EXPECT_TRUE(store.metrics(id).empty());
    store.deleteRun(id2);
    EXPECT_FALSE(store.completeRun("k1"));
}

TEST(ResultStore, AFailedWriteLeavesNothingBehind) {
    test::TempDir dir;
    ResultStore store(dir.file("r.sqlite"));
    // A metric row violating the primary key aborts the transaction after the run row was written.
    EXPECT_THROW(store.putCompleteRun(sampleRun("k2"), {{"t", "auroc", 0.5, 0.4, 0.6, 1}, {"t", "auroc", 0.5, 0.4, 0.6, 1}}, {}),
                 Error);
    EXPECT_FALSE(store.completeRun("k2"));
    EXPECT_TRUE(store.runs("cohort", "context_auroc").empty());
}

TEST(ResultStore, ModelsAreKeyedAndListedPerCohort) {
    test::TempDir dir;
    ResultStore store(dir.file("r.sqlite"));
    ModelRecord m;
    m.key = "mk";
    m.weightsHash = "wh";
    m.cohortHash = "cohort";
    m.architecture = "LlamaForCausalLM";
    m.contextLength = 1024;
    m.path = "/tmp/x";
    m.parameters = 123;
    m.config = {{"hidden_size", 64}};
    m.training = {{"steps", 10}};
    store.putModel(m);
    const auto back = store.model("mk");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->parameters, 123);
    EXPECT_EQ(back->training["steps"], 10);
    EXPECT_EQ(store.modelsForCohort("cohort").size(), 1u);
    EXPECT_TRUE(store.modelsForCohort("other").empty());
}

}  // namespace cb

namespace cb {

TEST(Database, AFilesystemWithoutWalIsExplainedAndLeftAlone) {
    test::TempDir dir;
    const auto path = dir.file("results.sqlite");
    // SQLite's "unix-none" VFS has no locking, as on a network filesystem: WAL cannot be switched on.
    try {
        Database db(path, "unix-none");
        FAIL() << "opened without WAL";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(path), std::string::npos) << what;
        EXPECT_NE(what.find("does not support SQLite's write-ahead log"), std::string::npos) << what;
        EXPECT_NE(what.find("local disk"), std::string::npos) << what;
    }
    // The default VFS on the same folder works, and nothing was written into the file.
    Database ok(path);
    Statement tables(ok, "SELECT count(*) FROM sqlite_master");
    ASSERT_TRUE(tables.step());
    EXPECT_EQ(tables.int64(0), 0);
}

}  // namespace cb
