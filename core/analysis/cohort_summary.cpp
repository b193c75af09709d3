#include "core/analysis/cohort_summary.h"

#include "core/cohort/task_catalog.h"

#include <nlohmann/json.hpp>

namespace cb {

nlohmann::json CohortSummary::toJson() const {
    nlohmann::json taskJson = nlohmann::json::array();
    for (const auto& t : tasks) taskJson.push_back({{"task", t.task}, {"labels", t.labels}, {"positives", t.positives}});
    nlohmann::json unknown = nlohmann::json::array();
    for (const auto& [code, count] : topUnknownCodes) unknown.push_back({{"code", code}, {"events", count}});
    return {{"name", name},       {"source", source},         {"hash", hash},
            {"patients", patients}, {"events", events},        {"tokens", tokens},
            {"splits", {{"train", train}, {"tuning", tuning}, {"held_out", heldOut}}},
            {"vocabulary_size", vocabularySize}, {"unknown_events", unknownEvents},
            {"top_unknown_codes", unknown}, {"tasks", taskJson}};
}

CohortSummary summarizeCohort(const PreparedCohort& prepared) {
    const auto& cohort = prepared.cohort;
    CohortSummary s;
    s.name = cohort.name;
    s.source = cohort.source;
    s.hash = prepared.hash;
    s.patients = static_cast<std::int64_t>(cohort.numPatients());
    s.events = static_cast<std::int64_t>(cohort.numEvents());
    s.tokens = static_cast<std::int64_t>(prepared.tokens.totalTokens());
    for (auto split : cohort.splits) {
        if (split == Split::Train) ++s.train;
        else if (split == Split::Tuning) ++s.tuning;
        else ++s.heldOut;
    }
    for (std::size_t p = 0; p < cohort.numPatients(); ++p)
        s.tokensPerPatient.push_back(static_cast<std::int64_t>(prepared.tokens.tokens(p).size()));
    s.vocabularySize = static_cast<std::int64_t>(prepared.vocabulary.size());
    s.unknownEvents = static_cast<std::int64_t>(prepared.tokens.oov().unknownEvents);
    s.topUnknownCodes = prepared.tokens.oov().top(10);
    for (const auto& task : cohort.tasks) {
        TaskLabelCount count{task.task, static_cast<std::int64_t>(task.labels.size()), 0};
        for (const auto& l : task.labels) count.positives += isPositive(l.value) ? 1 : 0;
        s.tasks.push_back(count);
    }
    return s;
}

}  // namespace cb
