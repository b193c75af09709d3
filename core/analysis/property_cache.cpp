#include "core/analysis/property_cache.h"

#include <cmath>
#include <limits>
#include <optional>

namespace cb {
namespace {

std::optional<double> orNull(double v) { return std::isnan(v) ? std::nullopt : std::optional<double>(v); }

double realOrNaN(const Statement& st, int column) {
    return st.isNull(column) ? std::numeric_limits<double>::quiet_NaN() : st.real(column);
}

}  // namespace

bool hasExampleProperties(ResultStore& store, const std::string& cohortHash) {
    auto st = store.database().prepare("SELECT 1 FROM example_properties WHERE cohort_hash = ? LIMIT 1");
    st.bind(1, cohortHash);
    return st.step();
}

void storeExampleProperties(ResultStore& store, const std::string& cohortHash, const std::vector<ExampleProperties>& rows) {
    auto& db = store.database();
    Transaction tx(db);
    db.prepare("DELETE FROM example_properties WHERE cohort_hash = ?").bind(1, cohortHash).run();
    auto insert = db.prepare(
        "INSERT INTO example_properties (cohort_hash, subject_id, prediction_time, events, tokens, rr1, rr2, rr3, rr4, "
        "rr_geomean, gap_std, gap_mean, gap_iqr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& r : rows) {
        const auto& p = r.properties;
        insert.reset();
        insert.bind(1, cohortHash).bind(2, r.subjectId).bind(3, r.time);
        insert.bind(4, static_cast<std::int64_t>(p.events)).bind(5, r.tokens);
        for (int n = 0; n < 4; ++n) insert.bind(6 + n, p.repetition[static_cast<std::size_t>(n)]);
        insert.bind(10, p.repetitionGeoMean);
        insert.bindOptional(11, orNull(p.gapStd)).bindOptional(12, orNull(p.gapMean)).bindOptional(13, orNull(p.gapIqr));
        insert.run();
    }
    tx.commit();
}

std::vector<ExampleProperties> loadExampleProperties(ResultStore& store, const std::string& cohortHash) {
    auto st = store.database().prepare(
        "SELECT subject_id, prediction_time, events, tokens, rr1, rr2, rr3, rr4, rr_geomean, gap_std, gap_mean, gap_iqr "
        "FROM example_properties WHERE cohort_hash = ? ORDER BY subject_id, prediction_time");
    st.bind(1, cohortHash);
    std::vector<ExampleProperties> out;
    while (st.step()) {
        ExampleProperties r;
        r.subjectId = st.int64(0);
        r.time = st.int64(1);
        r.properties.events = static_cast<std::size_t>(st.int64(2));
        r.tokens = st.int64(3);
        for (int n = 0; n < 4; ++n) r.properties.repetition[static_cast<std::size_t>(n)] = st.real(4 + n);
        r.properties.repetitionGeoMean = st.real(8);
        r.properties.gapStd = realOrNaN(st, 9);
        r.properties.gapMean = realOrNaN(st, 10);
        r.properties.gapIqr = realOrNaN(st, 11);
        out.push_back(r);
    }
    return out;
}

}  // namespace cb
