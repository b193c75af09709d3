#include "core/analysis/run_catalog.h"
#include "core/common/error.h"
#include "core/common/remove_tree.h"
#include "core/store/schema.h"
#include "tests/support/results_fixture.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace cb {
namespace {

class RunCatalog : public ::testing::Test {
protected:
    void SetUp() override {
        std::filesystem::create_directories(dir.file("model-512"));
        store.putCohort({"cohort-a", "synthetic-200", "synthetic", 200, 5000, nlohmann::json::object()});
        first = test::addFixtureRun(store, {.context = 512, .signal = 1.0, .modelPath = dir.file("model-512")});
        second = test::addFixtureRun(store, {.context = 4096, .signal = 2.0, .modelPath = dir.file("gone-4096")});
        third = test::addFixtureRun(store, {.cohortHash = "cohort-b", .architecture = "MambaForCausalLM", .context = 1024,
                                            .attention = "CCA g16 s1024"});
    }
    test::TempDir dir;
    ResultStore store{dir.file("results.sqlite")};
    std::int64_t first = 0, second = 0, third = 0;
};

TEST_F(RunCatalog, ListsEveryRunNewestFirstWithWhatMadeIt) {
    const auto runs = listRuns(store);
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[0].id, third);
    EXPECT_EQ(runs[2].id, first);
    EXPECT_EQ(runs[2].cohortName, "synthetic-200");
    EXPECT_EQ(runs[0].cohortName, "");  // cohort-b has no cohort record
    EXPECT_EQ(runs[2].contextLength, 512);
    ASSERT_TRUE(runs[2].meanAuroc);
    EXPECT_GT(*runs[1].meanAuroc, *runs[2].meanAuroc);  // the stronger signal
    EXPECT_NEAR(*runs[2].meanAurocHigh - *runs[2].meanAurocLow, 0.06, 1e-12);
}

TEST_F(RunCatalog, MarksRunsWhoseModelFolderIsGone) {
    const auto runs = listRuns(store);
    EXPECT_FALSE(runs[2].modelMissing);
    EXPECT_TRUE(runs[1].modelMissing);
    EXPECT_FALSE(runs[0].modelMissing);  // no model record: nothing to miss
    removeTree(dir.file("model-512"));
    EXPECT_TRUE(listRuns(store)[2].modelMissing);
}

TEST_F(RunCatalog, ReadsOneTaskMetricForEveryRun) {
    const auto brier = metricOfRuns(store, "guo_los", "brier");
    ASSERT_EQ(brier.size(), 3u);
    EXPECT_TRUE(brier.at(first).value);
    EXPECT_FALSE(brier.at(first).low);
    const auto tasks = storedTasks(store);
    EXPECT_EQ(tasks, (std::vector<std::string>{"guo_los", "guo_readmission", "new_hypertension"}));
    EXPECT_TRUE(metricOfRuns(store, "guo_los", "no_such_metric").empty());
}

TEST_F(RunCatalog, ProvenanceHasTheRunItsModelAndItsCohort) {
    const auto p = runProvenance(store, second);
    EXPECT_EQ(p["run"]["context"], 4096);
    EXPECT_EQ(p["run"]["machine"], "fixture");
    EXPECT_EQ(p["model"]["present"], false);
    EXPECT_EQ(p["cohort"]["name"], "synthetic-200");
    EXPECT_THROW(runProvenance(store, 999), Error);
}

TEST_F(RunCatalog, DeletesRunsTogetherOrNotAtAll) {
    try {
        deleteRuns(store, {first, 999});
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("999"), std::string::npos);
    }
    EXPECT_EQ(listRuns(store).size(), 3u);
    EXPECT_FALSE(store.predictions(first).empty());
    deleteRuns(store, {first, third});
    const auto runs = listRuns(store);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].id, second);
    EXPECT_TRUE(store.predictions(first).empty());  // cascaded
    EXPECT_TRUE(metricOfRuns(store, "guo_los", "auroc").count(second));
    EXPECT_FALSE(metricOfRuns(store, "guo_los", "auroc").count(first));
}

// Another process holding the write lock (a sweep storing a point) makes a deletion fail with the
// file's name once the wait runs out, and nothing is lost.
TEST_F(RunCatalog, ALockedDatabaseFailsClearlyAndKeepsEverything) {
    Database other(dir.file("results.sqlite"));
    other.exec("BEGIN IMMEDIATE");
    store.database().setBusyTimeout(100);
    try {
        deleteRuns(store, {first});
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(dir.file("results.sqlite")), std::string::npos) << what;
        EXPECT_NE(what.find("locked"), std::string::npos) << what;
    }
    other.exec("ROLLBACK");
    EXPECT_EQ(listRuns(store).size(), 3u);
    deleteRuns(store, {first});
    EXPECT_EQ(listRuns(store).size(), 2u);
}

TEST_F(RunCatalog, FiltersByPrefixesAlternativesAndIds) {
    const auto runs = listRuns(store);
    auto ids = [&](const std::string& text) {
        std::vector<std::int64_t> out;
        for (const auto& r : filterRuns(runs, RunFilter::parse(text))) out.push_back(r.id);
        return out;
    };
    EXPECT_EQ(ids(""), (std::vector<std::int64_t>{third, second, first}));
    EXPECT_EQ(ids("architecture=llama"), (std::vector<std::int64_t>{second, first}));
    EXPECT_EQ(ids("architecture=LLAMA,context=4096|1024"), (std::vector<std::int64_t>{second}));
    EXPECT_EQ(ids("attention=cca"), (std::vector<std::int64_t>{third}));
    EXPECT_EQ(ids("cohort=synthetic-200"), (std::vector<std::int64_t>{second, first}));
    EXPECT_EQ(ids("cohort=cohort-b"), (std::vector<std::int64_t>{third}));
    EXPECT_EQ(ids("run=" + std::to_string(first)), (std::vector<std::int64_t>{first}));
    EXPECT_EQ(ids("kind=position_ppl"), (std::vector<std::int64_t>{}));
}

TEST(RunFilter, RejectsWhatItCannotRead) {
    for (const char* bad : {"colour=red", "context", "context=", "context=big", "run=1|", "=3"}) {
        EXPECT_THROW(RunFilter::parse(bad), Error) << bad;
    }
}

}  // namespace
}  // namespace cb

namespace cb {
namespace {

// A database this user may only read is browsed as it is: listed, compared, never changed.
TEST(ReadOnlyStore, ListsRunsAndRefusesToChangeThemNamingTheFile) {
    test::TempDir dir;
    const auto path = dir.file("results.sqlite");
    {
        ResultStore store(path);
        test::addFixtureRun(store, {});
        test::addFixtureRun(store, {.context = 1024, .noiseSeed = 2});
    }
    ResultStore store(path, DatabaseAccess::ReadOnly);
    EXPECT_TRUE(store.readOnly());
    const auto runs = listRuns(store);
    ASSERT_EQ(runs.size(), 2u);
    try {
        deleteRuns(store, {runs[0].id});
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("readonly"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(ResultStore::openForReading(path)->readOnly());  // this file may be written: read-write
}

TEST(ReadOnlyStore, RefusesADatabaseOfAnotherSchemaVersion) {
    test::TempDir dir;
    const auto path = dir.file("results.sqlite");
    { Database(path).exec("PRAGMA user_version = 99"); }
    try {
        ResultStore store(path, DatabaseAccess::ReadOnly);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    }
    EXPECT_THROW(ResultStore::openForReading(path), Error);  // newer is refused either way
    Database db(path);
    EXPECT_EQ(schemaVersion(db), 99);
}

}  // namespace
}  // namespace cb
