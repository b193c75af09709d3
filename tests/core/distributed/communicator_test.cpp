#include "core/common/error.h"
#include "core/distributed/communicator.h"
#include "tests/support/ranks.h"

#include <gtest/gtest.h>
#include <torch/torch.h>


namespace cb {
TEST(Communicator, AloneEveryCollectiveKeepsItsInput) {
    Communicator alone;
    EXPECT_TRUE(alone.alone());
    EXPECT_TRUE(alone.isRoot());
    auto t = torch::arange(4, torch::kFloat);
    alone.allReduceSum(t, "sum");
    EXPECT_TRUE(torch::equal(t, torch::arange(4, torch::kFloat)));
    EXPECT_EQ(alone.broadcastString("x", "b"), "x");
    EXPECT_EQ(alone.allGatherStrings("y", "g"), std::vector<std::string>{"y"});
    EXPECT_NO_THROW(alone.requireSameOnAllRanks("z", "config"));
}

TEST(Communicator, CollectivesAcrossThreeGlooRanks) {
    test::asGlooRanks(3, [](Communicator& comm) {
        EXPECT_EQ(comm.backend(), "gloo");
        auto t = torch::full({5}, static_cast<float>(comm.rank() + 1));
        comm.allReduceSum(t, "summing");
        EXPECT_TRUE(torch::equal(t, torch::full({5}, 6.0f)));

        auto b = comm.isRoot() ? torch::arange(3, torch::kLong) : torch::zeros({3}, torch::kLong);
        comm.broadcast(b, "broadcasting");
        EXPECT_TRUE(torch::equal(b, torch::arange(3, torch::kLong)));

        EXPECT_EQ(comm.broadcastString(comm.isRoot() ? "from rank 0 ✓" : "ignored", "string"), "from rank 0 ✓");
        const auto names = comm.allGatherStrings(std::string(static_cast<std::size_t>(comm.rank()), 'r'), "names");
        EXPECT_EQ(names, (std::vector<std::string>{"", "r", "rr"}));

        const auto gathered = comm.gatherToRoot(torch::full({2}, static_cast<float>(comm.rank())), "gathering");
        if (comm.isRoot()) {
            ASSERT_EQ(gathered.size(), 3u);
            for (int r = 0; r < 3; ++r) EXPECT_EQ(gathered[static_cast<std::size_t>(r)][1].item<float>(), static_cast<float>(r));
        } else {
            EXPECT_TRUE(gathered.empty());
        }
        comm.barrier("barrier");
    });
}

TEST(Communicator, RanksThatDisagreeFailTogetherNamingTheRank) {
    test::asGlooRanks(2, [](Communicator& comm) {
        EXPECT_NO_THROW(comm.requireSameOnAllRanks("same", "sweep config"));
        try {
            comm.requireSameOnAllRanks(comm.isRoot() ? "contexts 512" : "contexts 1024", "sweep config");
            ADD_FAILURE() << "no error on " << comm.label();
        } catch (const Error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("rank 1's sweep config differs from rank 0's"), std::string::npos) << what;
            EXPECT_NE(what.find("contexts 1024"), std::string::npos) << what;
        }
    });
}

TEST(Communicator, UnknownBackendIsAnError) {
    InProcessRendezvous rendezvous;
    CommunicatorOptions options;
    options.backend = "mpi";
    EXPECT_THROW(Communicator(rendezvous, 0, 2, "cpu", options), Error);
}

}  // namespace cb
