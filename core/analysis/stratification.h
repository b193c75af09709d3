#pragma once

#include "core/analysis/example_properties.h"
#include "core/eval/bootstrap.h"
#include "core/jobs/job_context.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace cb {

// What patients are stratified by: rr_1 (copy-forwarding), the std of inter-event gaps
// (irregularity), or the number of events (timeline length).
enum class StrataMetric { Repetition, Irregularity, Length };
StrataMetric parseStrataMetric(const std::string& name);  // rr1 | irregularity | length
const char* toString(StrataMetric metric);
const char* axisTitle(StrataMetric metric);
// NaN where the property is undefined for the example (a gap std over fewer than two gaps).
double strataValue(const ExampleProperties& example, StrataMetric metric);

// pandas: qcut(values.rank(method="min"), 4, labels=False). Bins are right-closed between linear
// quantiles of the ranks, the first one closed on the left too. NaN values get -1. Where ties make
// quantile edges coincide, the duplicates are dropped (qcut's duplicates="drop"), so fewer bins exist;
// when all values tie, no bin is left and every value gets -1, as pandas gives NaN.
std::vector<int> quartilesByRank(std::span<const double> values);

// One scored example of an evaluation run: a test (patient, prediction time) of a task.
struct StrataPrediction {
    std::string task;
    std::int64_t subjectId = 0;
    TimeUs time = 0;
    std::uint8_t label = 0;
    double probability = 0.0;
};

struct StrataRun {
    std::int64_t runId = 0;
    std::string architecture, attention;
    int context = 0;
    std::vector<StrataPrediction> predictions;
    std::string label() const;  // "Llama 4096 · full"
};

struct StrataConfig {
    int replicates = 1000;
    std::uint64_t seed = 1234;
};

struct QuartileScore {
    int quartile = 0;        // 0 = lowest values of the metric
    Estimate brier;          // macro-average over tasks, 95% patient-bootstrap interval
    Estimate auroc;          // macro-average over the tasks with both classes in the quartile
    std::int64_t examples = 0;
    double metricLow = 0.0, metricHigh = 0.0;  // range of the metric among the quartile's examples
};

struct StrataRunResult {
    std::int64_t runId = 0;
    std::string label, architecture, attention;
    int context = 0;
    std::vector<QuartileScore> quartiles;
};

// Longest versus shortest context of one (architecture, attention) family: per quartile, the share of
// tasks where the longer context has the lower Brier (ties count half).
struct StrataWinRate {
    std::string architecture, attention;
    int shortContext = 0, longContext = 0;
    std::vector<double> rate;  // per quartile
    std::vector<int> tasks;    // tasks compared per quartile
};

struct StratificationResult {
    StrataMetric metric = StrataMetric::Repetition;
    int quartiles = 4;
    std::vector<StrataRunResult> runs;
    std::vector<StrataWinRate> winRates;
    std::int64_t unmatchedPredictions = 0;  // predictions without properties (left out)
};

// The distinct test (subject, prediction time) examples of all runs are ranked by the metric and cut
// into quartiles (one set of boundaries for every task and run); every run is scored per quartile (Brier and AUROC per task, macro-averaged), with intervals from the same
// patient-bootstrap replicates for every run, so runs are compared on identical resamples.
StratificationResult stratify(const std::vector<ExampleProperties>& properties, const std::vector<StrataRun>& runs,
                              StrataMetric metric, const StrataConfig& config = {}, const JobContext& job = {});

// quartile, metric range, Brier and AUROC with intervals, per run; then the win rates. Atomic.
void writeStratificationCsv(const std::string& path, const StratificationResult& result);

}  // namespace cb
