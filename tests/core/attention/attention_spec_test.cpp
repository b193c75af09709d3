#include "core/attention/attention_spec.h"
#include "core/common/error.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cb {

TEST(AttentionSpec, AdaptedCcaParsesLabelsAndRoundTrips) {
    const auto spec = AttentionSpec::parse("cca:g=8,s=256,adapt=200000");
    EXPECT_EQ(spec.kind, AttentionSpec::Kind::Cca);
    EXPECT_EQ(spec.groupSize, 8);
    EXPECT_EQ(spec.localWindow, 256);
    EXPECT_EQ(spec.adaptTokens, 200000);
    EXPECT_EQ(spec.label(), "CCA g8 s256 adapted 200K");
    EXPECT_EQ(AttentionSpec::fromJson(spec.toJson()), spec);
    // The zero-shot swap keeps the JSON (and so the cache keys) it always had.
    EXPECT_EQ(AttentionSpec::parse("cca:g=8,s=256").toJson(), (nlohmann::json{{"kind", "cca"}, {"group_size", 8}, {"local_window", 256}}));
    EXPECT_EQ(AttentionSpec::parse("cca:g=8,s=256").label(), "CCA g8 s256");
}

TEST(AttentionSpec, BadAdaptSettingsAreErrors) {
    EXPECT_THROW(AttentionSpec::parse("cca:adapt=-5"), Error);
    EXPECT_THROW(AttentionSpec::parse("cca:adapt=lots"), Error);
    EXPECT_THROW(AttentionSpec::parse("cca:g=99999999999"), Error);
    AttentionSpec full;
    full.adaptTokens = 10;
    EXPECT_THROW(full.validate(), Error);
    EXPECT_THROW(AttentionSpec::fromJson({{"kind", "cca"}, {"adapt_tokens", -1}}), Error);
}

}  // namespace cb
