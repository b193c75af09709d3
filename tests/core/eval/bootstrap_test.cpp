#include "core/eval/bootstrap.h"
#include "core/eval/linear_probe.h"
#include "core/eval/metrics.h"
#include "tests/support/json_fixture.h"

#include <gtest/gtest.h>

#include <numeric>

namespace cb {

// The fixture resamples patients with numpy and scores each resample with scikit-learn; fed the
// same draws, ContextBench's weighted metrics and percentile intervals must agree.
TEST(Bootstrap, PatientLevelIntervalsMatchNumpyAndScikitLearn) {
    const auto fixture = test::loadJson("sklearn/bootstrap.json");
    const auto patientOf = fixture["patient_of"].get<std::vector<int>>();
    const auto labels = fixture["labels"].get<std::vector<std::uint8_t>>();
    const auto probabilities = fixture["probabilities"].get<std::vector<double>>();
    const WeightedAuroc aurocOf(labels, probabilities);
    const WeightedAuprc auprcOf(labels, probabilities);
    std::vector<double> aurocs, auprcs, briers;
    for (const auto& draw : fixture["draws"]) {
        std::vector<double> perPatient(draw.size(), 0.0), weights(labels.size());
        for (const auto& p : draw) perPatient[p.get<std::size_t>()] += 1.0;
        for (std::size_t i = 0; i < labels.size(); ++i) weights[i] = perPatient[static_cast<std::size_t>(patientOf[i])];
        aurocs.push_back(aurocOf(weights));
        auprcs.push_back(auprcOf(weights));
        briers.push_back(weightedBrier(labels, probabilities, weights));
    }
    const auto a = percentileInterval(0.0, aurocs);
    EXPECT_EQ(a.replicates, fixture["valid_replicates"].get<int>());
    EXPECT_NEAR(a.low, fixture["auroc_ci"][0].get<double>(), 1e-12);
    EXPECT_NEAR(a.high, fixture["auroc_ci"][1].get<double>(), 1e-12);
    const auto p = percentileInterval(0.0, auprcs);
    EXPECT_NEAR(p.low, fixture["auprc_ci"][0].get<double>(), 1e-12);
    EXPECT_NEAR(p.high, fixture["auprc_ci"][1].get<double>(), 1e-12);
    const auto b = percentileInterval(0.0, briers);
    EXPECT_NEAR(b.low, fixture["brier_ci"][0].get<double>(), 1e-12);
    EXPECT_NEAR(b.high, fixture["brier_ci"][1].get<double>(), 1e-12);
}

TEST(Bootstrap, ReplicatesAreSeededAndDrawEveryPatientCount) {
    const PatientBootstrap a(50, 100, 9), b(50, 100, 9), c(50, 100, 10);
    bool differs = false;
    for (int r = 0; r < 100; ++r) {
        const auto counts = a.counts(r);
        EXPECT_EQ(std::accumulate(counts.begin(), counts.end(), 0), 50);
        EXPECT_TRUE(std::equal(counts.begin(), counts.end(), b.counts(r).begin()));
        differs = differs || !std::equal(counts.begin(), counts.end(), c.counts(r).begin());
    }
    EXPECT_TRUE(differs);
}

TEST(Bootstrap, MeanOverTasksUsesTheSameReplicates) {
    TaskResult t1, t2;
    t1.evaluated = t2.evaluated = true;
    t1.auroc.value = 0.6;
    t2.auroc.value = 0.8;
    t1.aurocReplicates = {0.5, 0.6, 0.7, std::nan("")};
    t2.aurocReplicates = {0.7, 0.8, 0.9, 0.8};
    const auto mean = meanAurocOverTasks({t1, t2});
    EXPECT_DOUBLE_EQ(mean.value, 0.7);
    EXPECT_EQ(mean.replicates, 3);  // the replicate where one task was undefined is dropped
    EXPECT_NEAR(mean.low, 0.605, 1e-12);   // numpy.percentile([0.6, 0.7, 0.8], 2.5)
    EXPECT_NEAR(mean.high, 0.795, 1e-12);  // numpy.percentile([0.6, 0.7, 0.8], 97.5)
}

}  // namespace cb
