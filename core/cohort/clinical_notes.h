#pragma once

#include "core/cohort/cohort.h"

#include <cstddef>
#include <string>
#include <vector>

namespace cb {

// A fact stated once in a patient's notes, as a cloze question whose answer ends the sentence.
struct NoteFact {
    std::string question;   // "On 2019-03-05 hemoglobin was"
    std::string answer;     // "12.3"
    std::string evidence;   // the whole sentence, as it appears in the notes
    std::size_t offset = 0; // where the sentence starts in the note history
    std::string kind;       // "lab", "diagnosis", "medication"
};

struct NoteHistory {
    std::string text;
    std::vector<NoteFact> facts;
    std::size_t notes = 0;
};

// Clinical notes written from a patient's timeline, one note per day with events: an admission or
// clinic note with vitals, new diagnoses and new medications, a lab summary, a discharge summary.
// Every sentence sits on its own line and states one fact, so the generator knows the answer to each
// question it asks. Facts are only asked about when their question is unique in the history (a lab's
// value on a date, the first diagnosis or medication of a date).
NoteHistory writeNoteHistory(const Cohort& cohort, std::size_t patient);

}  // namespace cb
