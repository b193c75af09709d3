#pragma once

#include "core/cohort/event_store.h"
#include "core/cohort/string_table.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cb {

// MEDS split names: train / tuning / held_out.
enum class Split : std::uint8_t { Train = 0, Tuning = 1, HeldOut = 2 };
const char* toString(Split split);
Split parseSplit(const std::string& name);  // throws cb::Error naming the bad value

struct Label {
    std::uint32_t patient = 0;  // index into the cohort, not the subject id
    TimeUs predictionTime = 0;  // inclusive cutoff: events at this time are visible
    std::int32_t value = 0;     // 0/1, or a lab severity 0..3
};

struct TaskLabels {
    std::string task;
    std::vector<Label> labels;
};

// A set of patients with their events, splits and task labels; the unit every analysis runs on.
class Cohort {
public:
    Cohort() { texts.intern(""); }

    std::string name;
    std::string source;  // "synthetic", a MEDS folder, a CSV path
    StringTable codes;
    StringTable texts;  // id 0 is "no text"
    std::vector<std::int64_t> subjectIds;
    std::vector<Split> splits;
    EventStore events;
    std::vector<TaskLabels> tasks;

    std::size_t numPatients() const { return subjectIds.size(); }
    std::size_t numEvents() const { return events.numEvents(); }
    PatientEvents patient(std::size_t index) const { return events.patient(index); }
    std::vector<std::uint32_t> patientsIn(Split split) const;
    const TaskLabels* findTask(const std::string& task) const;

    // SHA-256 over everything an analysis can see; equal cohorts give equal digests whatever
    // reader produced them.
    std::string contentHash() const;
};

}  // namespace cb
