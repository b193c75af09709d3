#include "core/analysis/results_csv.h"

#include "core/io/atomic_file.h"
#include "core/io/csv_number.h"

namespace cb {
namespace {

void writeRow(std::ostream& out, const ContextPoint& p, const std::string& task, const char* metric, const Estimate& e) {
    out << p.architecture << ',' << p.context << ',' << p.attention << ',' << task << ',' << metric << ',';
    writeCsvNumber(out, e.value, 10);
    out << ',';
    writeCsvNumber(out, e.low, 10);
    out << ',';
    writeCsvNumber(out, e.high, 10);
    out << ',' << e.replicates << '\n';
}

}  // namespace

void writeContextResultsCsv(const std::string& path, const std::vector<ContextPoint>& points) {
    writeFileAtomically(path, [&](std::ostream& out) {
        out << "architecture,context,attention,task,metric,value,ci_low,ci_high,bootstrap_replicates\n";
        for (const auto& p : points) {
            writeRow(out, p, "mean", "auroc", p.meanAuroc);
            for (const auto& t : p.tasks) {
                if (!t.evaluated) continue;
                writeRow(out, p, t.task, "auroc", t.auroc);
                writeRow(out, p, t.task, "auprc", t.auprc);
                writeRow(out, p, t.task, "brier", t.brier);
            }
        }
    });
}

}  // namespace cb
