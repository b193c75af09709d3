#include "core/analysis/stratification.h"

#include "core/analysis/example_key.h"

#include "core/common/error.h"
#include "core/common/percentile.h"
#include "core/eval/metrics.h"
#include "core/io/atomic_file.h"
#include "core/io/csv_number.h"
#include "core/models/architecture_names.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <unordered_map>

namespace cb {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double meanSkippingNaN(const std::vector<double>& values) {
    double sum = 0.0;
    int n = 0;
    for (double v : values)
        if (!std::isnan(v)) sum += v, ++n;
    return n == 0 ? kNaN : sum / n;
}

// One task's test examples of one run that fall in one quartile.
struct Cell {
    std::vector<std::uint8_t> labels;
    std::vector<double> probabilities;
    std::vector<std::size_t> slots;  // bootstrap slot of each example's patient
};

struct CellScores {
    double brier = kNaN, auroc = kNaN;
    std::vector<double> brierReplicates, aurocReplicates;
};

CellScores scoreCell(const Cell& cell, const PatientBootstrap& bootstrap) {
    CellScores s;
    const int replicates = bootstrap.replicates();
    s.brierReplicates.assign(static_cast<std::size_t>(replicates), kNaN);
    s.aurocReplicates.assign(static_cast<std::size_t>(replicates), kNaN);
    if (cell.labels.empty()) return s;
    s.brier = brier(cell.labels, cell.probabilities);
    s.auroc = auroc(cell.labels, cell.probabilities);
    const WeightedAuroc weightedAuroc(cell.labels, cell.probabilities);
    std::vector<double> weights(cell.labels.size());
    for (int r = 0; r < replicates; ++r) {
        const auto counts = bootstrap.counts(r);
        double total = 0.0;
        for (std::size_t i = 0; i < weights.size(); ++i) total += weights[i] = counts[cell.slots[i]];
        if (total == 0.0) continue;
        s.brierReplicates[static_cast<std::size_t>(r)] = weightedBrier(cell.labels, cell.probabilities, weights);
        s.aurocReplicates[static_cast<std::size_t>(r)] = weightedAuroc(weights);
    }
    return s;
}

// Macro-average over tasks, point and per replicate.
Estimate macroEstimate(const std::vector<const CellScores*>& tasks, bool useAuroc, int replicates) {
    std::vector<double> points;
    for (const auto* t : tasks) points.push_back(useAuroc ? t->auroc : t->brier);
    std::vector<double> perReplicate(static_cast<std::size_t>(replicates));
    std::vector<double> values(tasks.size());
    for (std::size_t r = 0; r < perReplicate.size(); ++r) {
        for (std::size_t t = 0; t < tasks.size(); ++t)
            values[t] = useAuroc ? tasks[t]->aurocReplicates[r] : tasks[t]->brierReplicates[r];
        perReplicate[r] = meanSkippingNaN(values);
    }
    return percentileInterval(meanSkippingNaN(points), perReplicate);
}

}  // namespace

StrataMetric parseStrataMetric(const std::string& name) {
    if (name == "rr1" || name == "repetition") return StrataMetric::Repetition;
    if (name == "irregularity") return StrataMetric::Irregularity;
    if (name == "length") return StrataMetric::Length;
    throw Error("unknown stratification metric '" + name + "' (expected rr1, irregularity or length)");
}

const char* toString(StrataMetric metric) {
    switch (metric) {
        case StrataMetric::Repetition: return "rr1";
        case StrataMetric::Irregularity: return "irregularity";
        case StrataMetric::Length: return "length";
    }
    return "?";
}

const char* axisTitle(StrataMetric metric) {
    switch (metric) {
        case StrataMetric::Repetition: return "Repetition (rr_1) quartile";
        case StrataMetric::Irregularity: return "Irregularity (std of inter-event gaps) quartile";
        case StrataMetric::Length: return "Timeline length (events) quartile";
    }
    return "";
}

double strataValue(const ExampleProperties& example, StrataMetric metric) {
    switch (metric) {
        case StrataMetric::Repetition: return example.properties.repetition[0];
        case StrataMetric::Irregularity: return example.properties.gapStd;
        case StrataMetric::Length: return static_cast<double>(example.properties.events);
    }
    return kNaN;
}

std::string StrataRun::label() const {
    return architectureDisplayName(architecture) + " " + std::to_string(context) + " · " + attention;
}

std::vector<int> quartilesByRank(std::span<const double> values) {
    std::vector<int> bins(values.size(), -1);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isnan(values[i])) order.push_back(i);
    if (order.empty()) return bins;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size(), kNaN);
    for (std::size_t k = 0; k < order.size(); ++k) {
        const bool tie = k > 0 && values[order[k]] == values[order[k - 1]];
        ranks[order[k]] = tie ? ranks[order[k - 1]] : static_cast<double>(k + 1);
    }
    std::vector<double> sorted;
    for (std::size_t i : order) sorted.push_back(ranks[i]);  // ascending, as ranks follow the order
    std::vector<double> edges;
    for (double q : {0.0, 25.0, 50.0, 75.0, 100.0}) {
        const double e = percentileSorted(sorted, q);
        if (edges.empty() || e != edges.back()) edges.push_back(e);
    }
    if (edges.size() == 1) return bins;  // every value tied: qcut has no bin left, all NaN
    for (std::size_t i : order) {
        const auto upper = std::lower_bound(edges.begin() + 1, edges.end(), ranks[i]);
        bins[i] = static_cast<int>(upper - edges.begin()) - 1;
    }
    return bins;
}

StratificationResult stratify(const std::vector<ExampleProperties>& properties, const std::vector<StrataRun>& runs,
                              StrataMetric metric, const StrataConfig& config, const JobContext& job) {
    StratificationResult result;
    result.metric = metric;
    std::unordered_map<ExampleKey, double, ExampleKeyHash> value;
    value.reserve(properties.size());
    for (const auto& p : properties) value[{p.subjectId, p.time}] = strataValue(p, metric);

    // The distinct examples any run scored, ranked once over all tasks: every run and every task is
    // cut at the same boundaries, so "Q4" names one set of patients-at-a-time across the figure.
    std::map<ExampleKey, int> quartileOf;
    std::map<std::int64_t, std::size_t> slotOf;
    for (const auto& run : runs)
        for (const auto& p : run.predictions) {
            quartileOf.emplace(ExampleKey{p.subjectId, p.time}, -1);
            slotOf.emplace(p.subjectId, 0);
        }
    int bins = 0;
    std::vector<double> lows(4, kNaN), highs(4, kNaN);
    {
        std::vector<double> values;
        values.reserve(quartileOf.size());
        for (const auto& [key, q] : quartileOf) {
            const auto it = value.find(key);
            values.push_back(it == value.end() ? kNaN : it->second);
        }
        const auto q = quartilesByRank(values);
        std::size_t i = 0;
        for (auto& [key, bin] : quartileOf) {
            bin = q[i];
            if (bin >= 0) {
                bins = std::max(bins, bin + 1);
                lows[bin] = std::isnan(lows[bin]) ? values[i] : std::min(lows[bin], values[i]);
                highs[bin] = std::isnan(highs[bin]) ? values[i] : std::max(highs[bin], values[i]);
            }
            ++i;
        }
    }
    result.quartiles = bins;
    std::size_t slot = 0;
    for (auto& [subject, s] : slotOf) s = slot++;
    const PatientBootstrap bootstrap(slotOf.size(), config.replicates, config.seed);

    // scores[run][task][quartile], kept for the win rates.
    std::vector<std::map<std::string, std::vector<CellScores>>> scores(runs.size());
    for (std::size_t r = 0; r < runs.size(); ++r) {
        job.throwIfCancelled();
        job.report("Stratifying", static_cast<double>(r) / static_cast<double>(runs.size()), runs[r].label());
        std::map<std::string, std::vector<Cell>> cells;
        for (const auto& p : runs[r].predictions) {
            const int q = quartileOf.at({p.subjectId, p.time});
            if (q < 0) {
                ++result.unmatchedPredictions;
                continue;
            }
            auto& perQuartile = cells[p.task];
            perQuartile.resize(static_cast<std::size_t>(bins));
            auto& cell = perQuartile[static_cast<std::size_t>(q)];
            cell.labels.push_back(p.label);
            cell.probabilities.push_back(p.probability);
            cell.slots.push_back(slotOf.at(p.subjectId));
        }
        StrataRunResult out;
        out.runId = runs[r].runId;
        out.label = runs[r].label();
        out.architecture = runs[r].architecture;
        out.attention = runs[r].attention;
        out.context = runs[r].context;
        for (auto& [task, perQuartile] : cells)
            for (const auto& cell : perQuartile) scores[r][task].push_back(scoreCell(cell, bootstrap));
        for (int q = 0; q < bins; ++q) {
            std::vector<const CellScores*> tasks;
            QuartileScore score;
            score.quartile = q;
            for (const auto& [task, perQuartile] : scores[r]) tasks.push_back(&perQuartile[static_cast<std::size_t>(q)]);
            for (const auto& [task, perQuartile] : cells)
                score.examples += static_cast<std::int64_t>(perQuartile[static_cast<std::size_t>(q)].labels.size());
            score.brier = macroEstimate(tasks, false, config.replicates);
            score.auroc = macroEstimate(tasks, true, config.replicates);
            score.metricLow = lows[static_cast<std::size_t>(q)];
            score.metricHigh = highs[static_cast<std::size_t>(q)];
            out.quartiles.push_back(score);
        }
        result.runs.push_back(std::move(out));
    }

    std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> families;
    for (std::size_t r = 0; r < runs.size(); ++r) families[{runs[r].architecture, runs[r].attention}].push_back(r);
    for (const auto& [family, members] : families) {
        const auto [shortest, longest] = std::minmax_element(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
            return runs[a].context < runs[b].context;
        });
        if (runs[*shortest].context == runs[*longest].context) continue;
        StrataWinRate win;
        win.architecture = family.first;
        win.attention = family.second;
        win.shortContext = runs[*shortest].context;
        win.longContext = runs[*longest].context;
        for (int q = 0; q < bins; ++q) {
            double wins = 0.0;
            int compared = 0;
            for (const auto& [task, longScores] : scores[*longest]) {
                const auto it = scores[*shortest].find(task);
                if (it == scores[*shortest].end()) continue;
                const double a = longScores[static_cast<std::size_t>(q)].brier;
                const double b = it->second[static_cast<std::size_t>(q)].brier;
                if (std::isnan(a) || std::isnan(b)) continue;
                wins += a < b ? 1.0 : (a == b ? 0.5 : 0.0);
                ++compared;
            }
            win.rate.push_back(compared == 0 ? kNaN : wins / compared);
            win.tasks.push_back(compared);
        }
        result.winRates.push_back(std::move(win));
    }
    job.report("Stratifying", 1.0);
    return result;
}

void writeStratificationCsv(const std::string& path, const StratificationResult& result) {
    // One table for pandas: "quartile" rows score a run, "win_rate" rows compare a family's longest
    // context with its shortest; columns that do not apply to a row are empty.
    writeFileAtomically(path, [&](std::ostream& out) {
        out << "section,run_id,model,architecture,context,attention,metric,quartile,metric_low,metric_high,examples,"
               "brier,brier_low,brier_high,auroc,auroc_low,auroc_high,short_context,tasks_compared,win_rate\n";
        const char* metric = toString(result.metric);
        for (const auto& run : result.runs)
            for (const auto& q : run.quartiles) {
                out << "quartile," << run.runId << ",\"" << run.label << "\"," << run.architecture << ',' << run.context
                    << ',' << run.attention << ',' << metric << ',' << q.quartile + 1;
                for (double v : {q.metricLow, q.metricHigh}) out << ',', writeCsvNumber(out, v);
                out << ',' << q.examples;
                for (double v : {q.brier.value, q.brier.low, q.brier.high, q.auroc.value, q.auroc.low, q.auroc.high})
                    out << ',', writeCsvNumber(out, v);
                out << ",,,\n";
            }
        for (const auto& w : result.winRates)
            for (std::size_t q = 0; q < w.rate.size(); ++q) {
                out << "win_rate,,\"" << architectureDisplayName(w.architecture) << ' ' << w.longContext << " vs " << w.shortContext << "\","
                    << w.architecture << ',' << w.longContext << ',' << w.attention << ',' << metric << ',' << q + 1
                    << ",,,,,,,,,," << w.shortContext << ',' << w.tasks[q] << ',';
                writeCsvNumber(out, w.rate[q]);
                out << '\n';
            }
    });
}

}  // namespace cb
