#include "core/cohort/cohort.h"

#include "core/common/error.h"
#include "core/common/sha256.h"

#include <cstring>

namespace cb {

const char* toString(Split split) {
    switch (split) {
        case Split::Train: return "train";
        case Split::Tuning: return "tuning";
        case Split::HeldOut: return "held_out";
    }
    return "unknown";
}

Split parseSplit(const std::string& name) {
    if (name == "train") return Split::Train;
    if (name == "tuning" || name == "val" || name == "valid") return Split::Tuning;
    if (name == "held_out" || name == "test") return Split::HeldOut;
    throw Error("unknown split '" + name + "' (expected train, tuning or held_out)");
}

std::vector<std::uint32_t> Cohort::patientsIn(Split split) const {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < splits.size(); ++i)
        if (splits[i] == split) out.push_back(static_cast<std::uint32_t>(i));
    return out;
}

const TaskLabels* Cohort::findTask(const std::string& task) const {
    for (const auto& t : tasks)
        if (t.task == task) return &t;
    return nullptr;
}

namespace {

void hashStrings(Sha256& h, const std::vector<std::string>& strings) {
    const std::uint64_t n = strings.size();
    h.update(&n, sizeof n);
    for (const auto& s : strings) {
        const std::uint64_t len = s.size();
        h.update(&len, sizeof len);
        h.update(s);
    }
}

}  // namespace

std::string Cohort::contentHash() const {
    Sha256 h;
    h.update("contextbench-cohort-v1");
    hashStrings(h, codes.strings());
    hashStrings(h, texts.strings());
    h.updateVector(subjectIds);
    h.updateVector(splits);
    h.updateVector(events.offsets());
    h.updateVector(events.times());
    h.updateVector(events.codes());
    // NaN payloads differ between readers; hash one canonical bit pattern for "no value".
    std::vector<std::uint32_t> valueBits(events.values().size());
    const std::uint32_t canonicalNan = 0x7fc00000u;
    for (std::size_t i = 0; i < valueBits.size(); ++i) {
        const float v = events.values()[i];
        if (hasValue(v))
            std::memcpy(&valueBits[i], &v, sizeof v);
        else
            valueBits[i] = canonicalNan;
    }
    h.updateVector(valueBits);
    h.updateVector(events.texts());
    for (const auto& task : tasks) {
        h.update(task.task);
        for (const auto& label : task.labels) {
            h.update(&label.patient, sizeof label.patient);
            h.update(&label.predictionTime, sizeof label.predictionTime);
            h.update(&label.value, sizeof label.value);
        }
    }
    return h.hexDigest();
}

}  // namespace cb
