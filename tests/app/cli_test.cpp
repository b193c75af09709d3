#include "app/cli/arg_parser.h"
#include "app/cli/plot_output.h"
#include "core/analysis/property_cache.h"
#include "core/analysis/run_kinds.h"
#include "core/io/safetensors.h"
#include "core/store/result_store.h"
#include "tests/support/child_process.h"
#include "tests/support/test_paths.h"

#include <gtest/gtest.h>

#include <sstream>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace cb::cli {
namespace {

using Outcome = test::ProcessOutcome;

// stderr (progress, errors) is merged into the output unless `stdoutOnly`.
Outcome runCli(const std::string& arguments, bool stdoutOnly = false) {
    return test::finishProcess(test::startProcess(std::string(CONTEXTBENCH_CLI_PATH) + " " + arguments + (stdoutOnly ? " 2>/dev/null" : " 2>&1")));
}

}  // namespace

TEST(ArgParser, ParsesOptionsFlagsAndDefaults) {
    ArgParser p("demo");
    p.option("out", "folder").option("patients", "n", "2000").flag("json", "json");
    p.parse({"--out", "x", "--patients=12", "--json"});
    EXPECT_EQ(p.value("out"), "x");
    EXPECT_EQ(p.intValue("patients"), 12);
    EXPECT_TRUE(p.has("json"));
}

TEST(ArgParser, RejectsWhatItDoesNotKnow) {
    ArgParser p("demo");
    p.option("out", "folder").option("patients", "n", "2000");
    EXPECT_THROW(p.parse({"--bogus"}), Error);
    EXPECT_THROW(p.parse({"stray"}), Error);
    EXPECT_THROW(p.parse({"--out"}), Error);
    ArgParser q("demo");
    q.option("out", "folder").option("patients", "n", "2000");
    q.parse({"--patients", "12x"});
    EXPECT_THROW(q.intValue("patients"), Error);
    EXPECT_THROW(q.value("out"), Error);  // required, not given
    EXPECT_THROW(q.parse({"--help"}), HelpRequested);
}

TEST(Cli, UnknownFlagsAndBadPathsFailClearly) {
    const auto unknownFlag = runCli("demo --out /tmp/x --bogus");
    EXPECT_EQ(unknownFlag.exitCode, 1);
    EXPECT_NE(unknownFlag.output.find("unknown flag '--bogus'"), std::string::npos) << unknownFlag.output;

    const auto badPath = runCli("demo --out /proc/contextbench-cannot-exist/out");
    EXPECT_EQ(badPath.exitCode, 1);
    EXPECT_NE(badPath.output.find("/proc/contextbench-cannot-exist/out"), std::string::npos) << badPath.output;

    const auto badContexts = runCli("demo --out /tmp/x --contexts 512,abc");
    EXPECT_EQ(badContexts.exitCode, 1);
    EXPECT_NE(badContexts.output.find("'abc'"), std::string::npos) << badContexts.output;

    const auto unknownCommand = runCli("frobnicate");
    EXPECT_EQ(unknownCommand.exitCode, 2);
    EXPECT_NE(unknownCommand.output.find("unknown command 'frobnicate'"), std::string::npos);

    const auto help = runCli("demo --help");
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.output.find("--contexts"), std::string::npos);
}

// One JSON line per measurement with the path that ran; a fast path that declines is said on stderr.
TEST(Cli, AttentionBenchReportsEachPathAndWhyAFastPathDeclined) {
    const auto fp32 = runCli("attention-bench --contexts 128,256 --impl full,cca --g 4 --s 64 --device cpu --repeats 2 --json", true);
    ASSERT_EQ(fp32.exitCode, 0) << fp32.output;
    std::vector<nlohmann::json> lines;
    std::istringstream in(fp32.output);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0]["path"], "sdpa");
    EXPECT_EQ(lines[1]["path"], "cpu-tiled");
    EXPECT_EQ(lines[3]["context"], 256);
    EXPECT_GT(lines[3]["median_ms"].get<double>(), 0.0);
    EXPECT_GT(lines[3]["speedup_over_full"].get<double>(), 0.0);
    const auto bf16 = runCli("attention-bench --contexts 128 --impl cca --g 4 --s 64 --device cpu --dtype bf16 --repeats 2 --json");
    ASSERT_EQ(bf16.exitCode, 0) << bf16.output;
    EXPECT_NE(bf16.output.find("the CPU fast path declined these inputs: float32 only"), std::string::npos) << bf16.output;
    EXPECT_NE(bf16.output.find("\"path\":\"blocked\""), std::string::npos) << bf16.output;
}

TEST(Cli, InfoReportsTheRuntimeAsJson) {
    const auto info = runCli("info --json");
    EXPECT_EQ(info.exitCode, 0);
    EXPECT_NE(info.output.find("\"blas\""), std::string::npos) << info.output;
    EXPECT_NE(info.output.find("\"threads\""), std::string::npos) << info.output;
    // scripts/setup installs Gloo's headers, so every build here can launch CPU ranks.
    EXPECT_NE(info.output.find("\"distributed\":[\"gloo\""), std::string::npos) << info.output;
}

TEST(ArgParser, PositionalArgumentsAreRequiredAndOrdered) {
    ArgParser p("cohort info");
    p.positional("PATH", "cohort").flag("json", "json");
    p.parse({"--json", "data/x"});
    EXPECT_EQ(p.value("PATH"), "data/x");
    ArgParser q("cohort info");
    q.positional("PATH", "cohort");
    EXPECT_THROW(q.parse({}), Error);
    EXPECT_THROW(q.parse({"a", "b"}), Error);
}

TEST(CliCohort, InfoDescribesAMedsFolderAsJson) {
    const auto out = runCli("cohort info " + test::dataPath("meds/meds-transforms-example") + " --json", true);
    ASSERT_EQ(out.exitCode, 0) << out.output;
    const auto json = nlohmann::json::parse(out.output);
    EXPECT_EQ(json["format"], "meds");
    EXPECT_EQ(json["subjects"], 6);
    EXPECT_EQ(json["events"], 62);
    EXPECT_GT(json["codes"].get<int>(), 0);
    EXPECT_EQ(json["splits"]["train"].get<int>() + json["splits"]["tuning"].get<int>() + json["splits"]["held_out"].get<int>(), 6);
    EXPECT_TRUE(json["tasks"].is_array());
}

TEST(CliCohort, SynthWritesMedsThatInfoReadsBackIdentically) {
    test::TempDir dir;
    const auto synth = runCli("cohort synth --out " + dir.file("meds") + " --format meds --patients 30 --codec snappy --json", true);
    ASSERT_EQ(synth.exitCode, 0) << synth.output;
    const auto written = nlohmann::json::parse(synth.output);
    const auto read = nlohmann::json::parse(runCli("cohort info " + dir.file("meds") + " --json", true).output);
    const auto generated = nlohmann::json::parse(runCli("cohort info synthetic:patients=30 --json", true).output);
    EXPECT_EQ(read["hash"], written["hash"]);
    EXPECT_EQ(read["hash"], generated["hash"]);
    EXPECT_EQ(read["subjects"], 30);
    EXPECT_EQ(read["tasks"], generated["tasks"]);
    EXPECT_EQ(read["tasks"].size(), 14u);
    const auto again = runCli("cohort synth --out " + dir.file("meds") + " --patients 30");
    EXPECT_EQ(again.exitCode, 1) << again.output;  // never writes over a dataset
}

TEST(CliCohort, CsvBadRowsAreCountedOrFatalUnderStrict) {
    test::TempDir dir;
    std::ofstream(dir.file("events.csv")) << "patient_id,start,code,value\n1,2020-01-01,A,\n1,not-a-date,B,\n2,2020-01-02,A,\n";
    const auto lenient = runCli("cohort info " + dir.file("events.csv") + " --json", true);
    ASSERT_EQ(lenient.exitCode, 0) << lenient.output;
    const auto json = nlohmann::json::parse(lenient.output);
    EXPECT_EQ(json["report"]["bad_rows"], 1);
    EXPECT_EQ(json["report"]["bad_row_examples"][0]["line"], 3);
    const auto strict = runCli("cohort info " + dir.file("events.csv") + " --strict");
    EXPECT_EQ(strict.exitCode, 1);
    EXPECT_NE(strict.output.find("line 3"), std::string::npos) << strict.output;
}

TEST(CliCohort, PropertiesWritesOneRowPerLabelledExample) {
    test::TempDir dir;
    const auto out = runCli("cohort properties synthetic:patients=30 --out " + dir.file("p.csv") + " --db " + dir.file("r.sqlite"), true);
    ASSERT_EQ(out.exitCode, 0) << out.output;
    const auto json = nlohmann::json::parse(out.output);
    std::ifstream in(dir.file("p.csv"));
    int lines = 0;
    for (std::string line; std::getline(in, line);) ++lines;
    EXPECT_EQ(lines, 1 + json["rows"].get<int>());
    EXPECT_GT(json["rows"].get<int>(), 30);
    ResultStore store(dir.file("r.sqlite"));
    EXPECT_EQ(loadExampleProperties(store, json["cohort"]).size(), json["rows"].get<std::size_t>());
}

TEST(CliStrata, StratifiesTheRunsOfADatabase) {
    test::TempDir dir;
    const auto db = dir.file("results.sqlite");
    const auto empty = runCli("strata --db " + db + " --out " + dir.file("s.csv"));
    EXPECT_EQ(empty.exitCode, 1);
    EXPECT_NE(empty.output.find("no such result database"), std::string::npos) << empty.output;
    {
        ResultStore store(db);
        const std::string cohort(64, 'a');
        std::vector<ExampleProperties> properties;
        for (int s = 0; s < 40; ++s) {
            ExampleProperties p;
            p.subjectId = s;
            p.time = kDayUs;
            p.properties.repetition = {s / 40.0, 0, 0, 0};
            p.properties.events = static_cast<std::size_t>(s + 1);
            properties.push_back(p);
        }
        storeExampleProperties(store, cohort, properties);
        for (int context : {512, 4096}) {
            RunRecord run;
            run.key = std::to_string(context);
            run.kind = kContextAurocRunKind;
            run.cohortHash = cohort;
            run.architecture = "LlamaForCausalLM";
            run.contextLength = context;
            run.attention = "full";
            run.config = nlohmann::json::object();
            std::vector<PredictionRow> predictions;
            for (int s = 0; s < 40; ++s) predictions.push_back({"t", s, kDayUs, s % 2, s % 2 ? 0.6 : 0.3});
            store.putCompleteRun(run, {}, predictions);
        }
    }
    const auto csv = runCli("strata --db " + db + " --metric length --replicates 50 --out " + dir.file("s.csv") + " --json", true);
    ASSERT_EQ(csv.exitCode, 0) << csv.output;
    const auto json = nlohmann::json::parse(csv.output);
    EXPECT_EQ(json["metric"], "length");
    EXPECT_EQ(json["runs"].size(), 2u);
    EXPECT_EQ(json["runs"][0]["quartiles"].size(), 4u);
    EXPECT_NEAR(json["runs"][0]["quartiles"][0]["brier"].get<double>(), (0.09 + 0.16) / 2, 1e-12);
    EXPECT_EQ(json["win_rates"][0]["win_rate"][0], 0.5);  // identical predictions tie
    EXPECT_TRUE(std::filesystem::exists(dir.file("s.csv")));
    const auto badMetric = runCli("strata --db " + db + " --metric entropy --out " + dir.file("s.csv"));
    EXPECT_EQ(badMetric.exitCode, 1);
    EXPECT_NE(badMetric.output.find("unknown stratification metric 'entropy'"), std::string::npos);
    const auto figure = runCli("strata --db " + db + " --replicates 50 --out " + dir.file("s.svg"));
    if (canRenderPlots()) {
        EXPECT_EQ(figure.exitCode, 0) << figure.output;
        EXPECT_GT(std::filesystem::file_size(dir.file("s.svg")), 1000u);
    } else {
        EXPECT_EQ(figure.exitCode, 1);
        EXPECT_NE(figure.output.find("no plotting"), std::string::npos) << figure.output;
    }
}

TEST(CliModel, InfoDescribesAHfFolder) {
    const auto out = runCli("model info " + test::dataPath("models/llama_sharded") + " --json", true);
    ASSERT_EQ(out.exitCode, 0) << out.output;
    const auto json = nlohmann::json::parse(out.output);
    EXPECT_EQ(json["architecture"], "LlamaForCausalLM");
    EXPECT_EQ(json["dtype"], "F32");
    EXPECT_TRUE(json["context_limit"].is_null());  // RoPE: no hard limit
    EXPECT_GT(json["parameters"].get<int>(), 10000);
    const auto gpt = nlohmann::json::parse(runCli("model info " + test::dataPath("models/gpt2") + " --json", true).output);
    EXPECT_EQ(gpt["context_limit"], 64);
    const auto pickle = runCli("model info " + test::dataPath("models"));
    EXPECT_EQ(pickle.exitCode, 1);
    EXPECT_NE(pickle.output.find("no config.json"), std::string::npos) << pickle.output;
}

// The CLI's last-position logits for the fixture's first sequence equal the reference's.
TEST(CliModel, LogitsMatchTheReferenceAtTheLastPosition) {
    for (const char* arch : {"gpt2", "llama", "mamba", "hyena"}) {
        SCOPED_TRACE(arch);
        SafetensorsFile ref(test::dataPath(std::string("models/") + arch + "/reference.safetensors"));
        const auto* ids = ref.find("input_ids");
        const auto* logits = ref.find("logits");
        const auto t = ids->shape[1], v = logits->shape[2];
        const auto* idData = reinterpret_cast<const std::int64_t*>(ref.data(*ids));
        std::string tokens;
        for (std::int64_t i = 0; i < t; ++i) tokens += (i ? "," : "") + std::to_string(idData[i]);
        const auto out = runCli(std::string("logits --model ") + test::dataPath(std::string("models/") + arch) + " --tokens " + tokens + " --json", true);
        ASSERT_EQ(out.exitCode, 0) << out.output;
        const auto json = nlohmann::json::parse(out.output);
        const auto* expected = reinterpret_cast<const float*>(ref.data(*logits)) + (t - 1) * v;  // batch row 0, last position
        ASSERT_EQ(json["logits"].size(), static_cast<std::size_t>(v));
        double worst = 0;
        for (std::int64_t j = 0; j < v; ++j) worst = std::max(worst, std::abs(json["logits"][j].get<double>() - expected[j]));
        EXPECT_LE(worst, 1e-4);
    }
}

// A model folder from a tiny demo is evaluated on a cohort in its own vocabulary; the second run
// comes from the cache.
TEST(CliEvaluate, EvaluatesAnOpenedModelAndCachesTheResult) {
    test::TempDir dir;
    const auto demo = runCli("demo --out " + dir.file("demo") + " --patients 60 --contexts 16 --device cpu", true);
    ASSERT_EQ(demo.exitCode, 0) << demo.output;
    std::string model;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.file("demo/models")))
        if (entry.path().filename() == "tokenizer_config.json") model = entry.path().parent_path().string();
    ASSERT_FALSE(model.empty());
    const std::string args = "evaluate --cohort synthetic:patients=60,seed=5 --model " + model + " --contexts 16,32 --out " +
                             dir.file("eval") + " --device cpu --json";
    const auto first = runCli(args, true);
    ASSERT_EQ(first.exitCode, 0) << first.output;
    const auto json = nlohmann::json::parse(first.output);
    ASSERT_EQ(json["points"].size(), 2u);
    for (const auto& p : json["points"]) {
        EXPECT_EQ(p["architecture"], "LlamaForCausalLM");
        EXPECT_GT(p["mean_auroc"].get<double>(), 0.0);
        EXPECT_LT(p["mean_auroc"].get<double>(), 1.0);
    }
    EXPECT_FALSE(json["cached"].get<bool>());
    const auto second = nlohmann::json::parse(runCli(args, true).output);
    EXPECT_TRUE(second["cached"].get<bool>());
    EXPECT_EQ(second["points"][1]["mean_auroc"], json["points"][1]["mean_auroc"]);
    const auto noTokenizer = runCli("evaluate --cohort synthetic:patients=60 --model " + test::dataPath("models/gpt2") +
                                    " --out " + dir.file("x"));
    EXPECT_EQ(noTokenizer.exitCode, 1);
    EXPECT_NE(noTokenizer.output.find("no tokenizer_config.json"), std::string::npos) << noTokenizer.output;
}

}  // namespace cb::cli

namespace cb::cli {
namespace {

TEST(LiftCommand, PrintsOneEntryPerModeAndTheCost) {
    test::TempDir dir;
    {
        std::ofstream doc(dir.file("doc.txt"));
        for (int i = 0; i < 40; ++i) doc << "On day " << i << " sodium was " << 130 + i % 9 << ".\n";
        std::ofstream qa(dir.file("qa.jsonl"));
        qa << "{\"question\":\"On day 2 sodium was\",\"answer\":\"132\"}\n";
    }
    const auto out = runCli("lift --model " + test::dataPath("text_model") + " --document " + dir.file("doc.txt") + " --qa " +
                                dir.file("qa.jsonl") + " --segment 64 --epochs 1 --window 96 --max-new-tokens 3 --device cpu --json",
                            true);
    ASSERT_EQ(out.exitCode, 0) << out.output;
    const auto json = nlohmann::json::parse(out.output);
    for (const char* key : {"icl", "lift", "lift+icl"}) {
        ASSERT_TRUE(json.contains(key)) << key;
        EXPECT_EQ(json[key]["questions"].size(), 1u);
    }
    EXPECT_GT(json["seconds_per_1k_tokens"].get<double>(), 0.0);
    EXPECT_TRUE(json["base_restored"].get<bool>());
}

// Every LIFT run is cached: the same document, model, questions and settings read back the stored
// report (answers and all), and other settings compute anew.
TEST(LiftCommand, ReadsARunItAlreadyMadeFromTheResultDatabase) {
    test::TempDir dir;
    {
        std::ofstream doc(dir.file("doc.txt"));
        for (int i = 0; i < 40; ++i) doc << "On day " << i << " sodium was " << 130 + i % 9 << ".\n";
        std::ofstream qa(dir.file("qa.jsonl"));
        qa << "{\"question\":\"On day 2 sodium was\",\"answer\":\"132\"}\n";
    }
    const std::string base = "lift --model " + test::dataPath("text_model") + " --document " + dir.file("doc.txt") + " --qa " +
                             dir.file("qa.jsonl") + " --segment 64 --window 96 --max-new-tokens 3 --device cpu --json --db " +
                             dir.file("results.sqlite");
    const auto first = runCli(base + " --epochs 1", true);
    ASSERT_EQ(first.exitCode, 0) << first.output;
    const auto second = runCli(base + " --epochs 1", true);
    ASSERT_EQ(second.exitCode, 0) << second.output;
    const auto a = nlohmann::json::parse(first.output), b = nlohmann::json::parse(second.output);
    EXPECT_FALSE(a["cached"].get<bool>());
    EXPECT_TRUE(b["cached"].get<bool>());
    for (const char* mode : {"icl", "lift", "lift+icl"}) EXPECT_EQ(a[mode], b[mode]) << mode;
    EXPECT_EQ(a["training"], b["training"]);
    EXPECT_EQ(a["perplexity"], b["perplexity"]);
    const auto other = nlohmann::json::parse(runCli(base + " --epochs 2", true).output);
    EXPECT_FALSE(other["cached"].get<bool>());
    // Saving the adapted model needs its weights, which the store does not keep: it trains again.
    const auto saved = runCli(base + " --epochs 1 --save-adapted " + dir.file("adapted"), true);
    ASSERT_EQ(saved.exitCode, 0) << saved.output;
    EXPECT_FALSE(nlohmann::json::parse(saved.output)["cached"].get<bool>());
    EXPECT_TRUE(std::filesystem::exists(dir.file("adapted/model.safetensors")));
    ResultStore store(dir.file("results.sqlite"));
    EXPECT_EQ(store.cohortsWithRuns("lift").size(), 1u);
}

TEST(LiftCommand, RefusesModelsWithoutATextTokenizerAndNamesBadQaLines) {
    test::TempDir dir;
    {
        std::ofstream doc(dir.file("doc.txt"));
        doc << "A short document about a patient.\n";
        std::ofstream qa(dir.file("qa.jsonl"));
        qa << "{\"question\":\"q\",\"answer\":\"a\"}\n\n{\"question\": \"no answer\"}\n";
    }
    const auto noTokenizer = runCli("lift --model " + test::dataPath("models/llama") + " --document " + dir.file("doc.txt"));
    EXPECT_NE(noTokenizer.exitCode, 0);
    EXPECT_NE(noTokenizer.output.find("tokenizer.json"), std::string::npos) << noTokenizer.output;
    const auto badQa = runCli("lift --model " + test::dataPath("text_model") + " --document " + dir.file("doc.txt") + " --qa " + dir.file("qa.jsonl"));
    EXPECT_NE(badQa.exitCode, 0);
    EXPECT_NE(badQa.output.find("qa.jsonl:3:"), std::string::npos) << badQa.output;
}

}  // namespace
}  // namespace cb::cli
