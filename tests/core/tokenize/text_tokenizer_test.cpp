#include "core/tokenize/text/byte_tokenizer.h"
#include "core/tokenize/text/text_tokenizer.h"
#include "tests/support/error_text.h"
#include "tests/support/json_fixture.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <fstream>
#include <thread>

namespace cb {
namespace {

// The fixtures come from tools/make_text_tokenizer_fixtures.py (HF tokenizers 0.21.4).
struct Variant {
    std::string family;
    std::string expected;  // file in the family's folder
};

std::ostream& operator<<(std::ostream& out, const Variant& v) { return out << v.family << "/" << v.expected; }

// The fixture script's overlay: objects merge key by key, anything else (null too) replaces.
nlohmann::json overlay(nlohmann::json target, const nlohmann::json& patch) {
    if (!patch.is_object() || !target.is_object()) return patch;
    for (const auto& [key, value] : patch.items()) target[key] = overlay(target.contains(key) ? target[key] : nullptr, value);
    return target;
}

nlohmann::json tokenizerJson(const std::string& family) {
    return test::loadJson("text_tokenizers/" + family + "/tokenizer.json");
}

TextTokenizer load(const Variant& v) {
    const auto expected = test::loadJson("text_tokenizers/" + v.family + "/" + v.expected);
    auto config = tokenizerJson(v.family);
    if (expected.contains("overrides")) config = overlay(config, expected["overrides"]);
    return TextTokenizer::fromJson(config, v.family + "/tokenizer.json");
}

std::vector<std::int32_t> ids(const nlohmann::json& list) { return list.get<std::vector<std::int32_t>>(); }

std::string fromHex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

class HuggingFaceFixture : public ::testing::TestWithParam<Variant> {
protected:
    void SetUp() override { expected_ = test::loadJson("text_tokenizers/" + GetParam().family + "/" + GetParam().expected); }
    nlohmann::json expected_;
};

TEST_P(HuggingFaceFixture, EncodesEveryTestStringToHuggingFacesIds) {
    const auto tok = load(GetParam());
    ASSERT_GE(expected_["cases"].size(), 15u);
    for (const auto& c : expected_["cases"]) {
        const auto text = c["text"].get<std::string>();
        EXPECT_EQ(tok.encode(text, false), ids(c["ids"])) << "text: " << text;
        EXPECT_EQ(tok.encode(text, true), ids(c["ids_with_special"])) << "text: " << text;
    }
}

TEST_P(HuggingFaceFixture, DecodesLikeHuggingFaceWithAndWithoutSpecialTokens) {
    const auto tok = load(GetParam());
    for (const auto& c : expected_["cases"]) {
        const auto withSpecial = ids(c["ids_with_special"]);
        EXPECT_EQ(tok.decode(withSpecial, false), c["decoded"].get<std::string>()) << c["text"];
        EXPECT_EQ(tok.decode(withSpecial, true), c["decoded_skip_special"].get<std::string>()) << c["text"];
    }
    // Cut-off characters, unknown ids, special tokens at both ends.
    for (const auto& c : expected_["decode_cases"])
        EXPECT_EQ(tok.decode(ids(c["ids"]), c["skip_special_tokens"].get<bool>()), c["text"].get<std::string>()) << c["ids"];
}

TEST_P(HuggingFaceFixture, DecodingTheEncodingGivesTheTextBackWhereHuggingFaceDoes) {
    const auto tok = load(GetParam());
    std::size_t roundTrips = 0;
    for (const auto& c : expected_["cases"]) {
        if (!c["round_trips"].get<bool>()) continue;
        ++roundTrips;
        const auto text = c["text"].get<std::string>();
        EXPECT_EQ(tok.decode(tok.encode(text, false), false), text);
    }
    EXPECT_GT(roundTrips, 0u);
}

TEST_P(HuggingFaceFixture, InvalidUtf8BecomesReplacementCharactersAndIsCounted) {
    const auto tok = load(GetParam());
    ASSERT_FALSE(expected_["invalid_utf8"].empty());
    for (const auto& c : expected_["invalid_utf8"]) {
        std::size_t replaced = 99;
        EXPECT_EQ(tok.encode(fromHex(c["bytes_hex"].get<std::string>()), false, replaced), ids(c["ids"]));
        EXPECT_EQ(replaced, c["replaced_bytes"].get<std::size_t>());
    }
}

TEST_P(HuggingFaceFixture, VocabSizeIsTheLargestIdPlusOne) {
    EXPECT_EQ(load(GetParam()).vocabSize(), expected_["vocab_size"].get<int>());
}

INSTANTIATE_TEST_SUITE_P(TextTokenizer, HuggingFaceFixture,
                         ::testing::Values(Variant{"gpt2", "expected.json"}, Variant{"gpt2", "expected_prefix_space.json"},
                                           Variant{"llama3", "expected.json"}, Variant{"llama2", "expected.json"},
                                           Variant{"llama2", "expected_metaspace.json"}, Variant{"llama2", "expected_unk.json"},
                                           Variant{"llama2", "expected_metaspace_decoder.json"}, Variant{"byte", "expected.json"}),
                         [](const auto& info) {
                             auto name = info.param.family + "_" + info.param.expected.substr(0, info.param.expected.size() - 5);
                             for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                             return name;
                         });

TEST(TextTokenizer, MergesWrittenAsSpaceSeparatedStringsReadTheSameAsPairs) {
    auto config = tokenizerJson("gpt2");
    for (auto& merge : config["model"]["merges"]) merge = merge[0].get<std::string>() + " " + merge[1].get<std::string>();
    const auto legacy = TextTokenizer::fromJson(config, "legacy");
    const auto pairs = TextTokenizer::fromFile(test::dataPath("text_tokenizers/gpt2/tokenizer.json"));
    const auto expected = test::loadJson("text_tokenizers/gpt2/expected.json");
    for (const auto& c : expected["cases"]) EXPECT_EQ(legacy.encode(c["text"].get<std::string>(), false), ids(c["ids"]));
    EXPECT_EQ(legacy.vocabSize(), pairs.vocabSize());
}

TEST(TextTokenizer, BosAndEosFollowTheTemplateThenTheSpecialTokenNames) {
    const auto gpt2 = TextTokenizer::fromFile(test::dataPath("text_tokenizers/gpt2/tokenizer.json"));
    EXPECT_EQ(gpt2.bosId(), gpt2.tokenId("<|endoftext|>"));
    EXPECT_EQ(gpt2.eosId(), gpt2.tokenId("<|endoftext|>"));
    const auto llama3 = TextTokenizer::fromFile(test::dataPath("text_tokenizers/llama3/tokenizer.json"));
    EXPECT_EQ(llama3.bosId(), llama3.tokenId("<|begin_of_text|>"));
    EXPECT_EQ(llama3.eosId(), llama3.tokenId("<|end_of_text|>"));
    const auto llama2 = TextTokenizer::fromFile(test::dataPath("text_tokenizers/llama2/tokenizer.json"));
    EXPECT_EQ(llama2.bosId(), 1);
    EXPECT_EQ(llama2.eosId(), 2);
    ASSERT_TRUE(gpt2.bosId().has_value());
    ASSERT_TRUE(llama3.eosId().has_value());
}

TEST(TextTokenizer, LooksUpAddedTokensAndVocabularyEntries) {
    const auto llama2 = TextTokenizer::fromFile(test::dataPath("text_tokenizers/llama2/tokenizer.json"));
    EXPECT_EQ(llama2.tokenId("<s>"), 1);
    EXPECT_EQ(llama2.tokenId("<0x41>"), 3 + 0x41);
    EXPECT_EQ(llama2.tokenId("no such token"), std::nullopt);
    EXPECT_EQ(llama2.tokenText(3 + 0x41), "<0x41>");
    EXPECT_TRUE(llama2.isSpecial(1));
    EXPECT_FALSE(llama2.isSpecial(3 + 0x41));
    EXPECT_EQ(llama2.tokenText(1 << 20), std::nullopt);
}

TEST(TextTokenizer, DescribeNamesTheFamilyAndVocabularySize) {
    const auto llama3 = TextTokenizer::fromFile(test::dataPath("text_tokenizers/llama3/tokenizer.json"));
    const auto text = llama3.describe();
    EXPECT_NE(text.find("byte-level BPE"), std::string::npos) << text;
    EXPECT_NE(text.find("vocab size " + std::to_string(llama3.vocabSize())), std::string::npos) << text;
    EXPECT_NE(text.find("Llama-3"), std::string::npos) << text;
    const auto llama2 = TextTokenizer::fromFile(test::dataPath("text_tokenizers/llama2/tokenizer.json"));
    EXPECT_NE(llama2.describe().find("byte-fallback BPE"), std::string::npos) << llama2.describe();
}

TEST(TextTokenizer, ConcurrentEncodesAgreeWithASerialOne) {
    const auto tok = TextTokenizer::fromFile(test::dataPath("text_tokenizers/llama3/tokenizer.json"));
    const auto expected = test::loadJson("text_tokenizers/llama3/expected.json");
    const auto text = expected["cases"][0]["text"].get<std::string>();
    const auto want = ids(expected["cases"][0]["ids"]);
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) ok[std::size_t(t)] += tok.encode(text, false) == want;
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(ok, std::vector<int>(4, 50));
}

// --- The built-in byte tokenizer ---

TEST(ByteTokenizer, JsonIsExactlyWhatHuggingFaceWritesForIt) {
    EXPECT_EQ(makeByteTokenizerJson(), tokenizerJson("byte"));
}

TEST(ByteTokenizer, EachByteIsItsOwnIdAfterBos) {
    const auto tok = TextTokenizer::fromJson(makeByteTokenizerJson(), "byte tokenizer");
    EXPECT_EQ(tok.vocabSize(), kByteTokenizerVocabSize);
    EXPECT_EQ(tok.bosId(), kByteTokenizerBos);
    EXPECT_EQ(tok.eosId(), kByteTokenizerEos);
    EXPECT_EQ(tok.tokenId("<pad>"), kByteTokenizerPad);
    EXPECT_EQ(tok.encode("h\xC3\xA9 \n", true), (std::vector<std::int32_t>{kByteTokenizerBos, 'h', 0xC3, 0xA9, ' ', '\n'}));
    EXPECT_EQ(tok.decode({kByteTokenizerBos, 'h', 0xC3, 0xA9, kByteTokenizerEos}, true), "h\xC3\xA9");
}

// --- Files ContextBench cannot tokenize like HF ---

std::string loadError(const nlohmann::json& config) {
    return test::errorOf([&] { TextTokenizer::fromJson(config, "tokenizer.json"); });
}

TEST(TextTokenizerErrors, MissingFileIsNamed) {
    const std::string path = "/nonexistent/folder/tokenizer.json";
    const auto message = test::errorOf([&] { TextTokenizer::fromFile(path); });
    EXPECT_NE(message.find(path), std::string::npos) << message;
}

TEST(TextTokenizerErrors, FileThatIsNotJsonIsNamed) {
    test::TempDir dir;
    std::ofstream(dir.file("tokenizer.json")) << "{ this is not json";
    const auto message = test::errorOf([&] { TextTokenizer::fromFile(dir.file("tokenizer.json")); });
    EXPECT_NE(message.find(dir.file("tokenizer.json")), std::string::npos) << message;
    EXPECT_NE(message.find("invalid JSON"), std::string::npos) << message;
}

TEST(TextTokenizerErrors, WordPieceModelIsRejectedByName) {
    auto config = tokenizerJson("gpt2");
    config["model"]["type"] = "WordPiece";
    EXPECT_EQ(loadError(config), "tokenizer.json: model type 'WordPiece' is not supported");
}

TEST(TextTokenizerErrors, MergeNamingAnUnknownTokenIsRejectedWithItsIndex) {
    auto config = tokenizerJson("llama2");
    config["model"]["merges"][3] = nlohmann::json::array({"zzz-unknown", "\xE2\x96\x81"});
    EXPECT_EQ(loadError(config), "tokenizer.json: model.merges[3] names 'zzz-unknown', which is not in model.vocab");
}

TEST(TextTokenizerErrors, UnsupportedComponentsAreRejectedWithTheirField) {
    auto config = tokenizerJson("gpt2");
    config["pre_tokenizer"] = {{"type", "Whitespace"}};
    EXPECT_EQ(loadError(config), "tokenizer.json: pre_tokenizer type 'Whitespace' is not supported");

    config = tokenizerJson("llama2");
    config["normalizer"]["normalizers"][1] = {{"type", "NFKC"}};
    EXPECT_EQ(loadError(config), "tokenizer.json: normalizer.normalizers[1] type 'NFKC' is not supported");

    config = tokenizerJson("llama3");
    config["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "\\w+";
    EXPECT_EQ(loadError(config),
              "tokenizer.json: pre_tokenizer.pretokenizers[0].pattern '\\w+' is not supported (only the GPT-2 and Llama-3 regexes)");

    config = tokenizerJson("llama3");
    config["post_processor"] = {{"type", "RobertaProcessing"}};
    EXPECT_EQ(loadError(config), "tokenizer.json: post_processor type 'RobertaProcessing' is not supported");

    config = tokenizerJson("llama2");
    config["decoder"]["decoders"][0] = {{"type", "WordPiece"}};
    EXPECT_EQ(loadError(config), "tokenizer.json: decoder.decoders[0] type 'WordPiece' is not supported");

    config = tokenizerJson("gpt2");
    config["model"]["dropout"] = 0.1;
    EXPECT_EQ(loadError(config), "tokenizer.json: model.dropout is not supported (it makes encoding random)");

    config = tokenizerJson("gpt2");
    config["truncation"] = {{"max_length", 512}};
    EXPECT_EQ(loadError(config), "tokenizer.json: truncation is set, which is not supported (it must be null)");
}

TEST(TextTokenizerErrors, AddedTokenWhoseIdHuggingFaceWouldChangeIsRejected) {
    auto config = tokenizerJson("llama3");
    auto& last = config["added_tokens"].back();
    last["id"] = last["id"].get<int>() + 5;
    const auto message = loadError(config);
    EXPECT_NE(message.find("tokenizer.json: added_tokens["), std::string::npos) << message;
    EXPECT_NE(message.find("but Hugging Face gives it id"), std::string::npos) << message;
}

TEST(TextTokenizerErrors, NonObjectFileIsRejected) {
    EXPECT_EQ(loadError(nlohmann::json::array()), "tokenizer.json: top level must be a JSON object");
}

}  // namespace
}  // namespace cb
