#pragma once

#include "core/cohort/cohort.h"

#include <cstdint>
#include <string>

namespace cb {

// EHRSHOT ships its splits and task labels as CSV beside the FEMR event files:
//   splits/person_id_map.csv                 omop_person_id (or patient_id / subject_id), split with
//                                            train / val / test (tuning / held_out also accepted)
//   benchmark/<task>/labeled_patients.csv    patient_id, prediction_time, value (True/False or an
//                                            integer class), label_type
// Every reader names the file and line of the first bad row; nothing is added to the cohort then.

// Sets every patient's split; a patient the file does not list is an error.
void readEhrshotSplits(const std::string& path, Cohort& cohort);

// Adds one task per sub-folder of `folder` holding a labeled_patients.csv, in name order. A label of
// a patient not in the cohort is an error.
void readEhrshotLabels(const std::string& folder, Cohort& cohort);

// A split for cohorts that come without one: 70 / 15 / 15 from a hash of the subject id and `seed`,
// so a patient's split does not depend on which other patients were loaded.
void assignSplitsByHash(Cohort& cohort, std::uint64_t seed = 0);

}  // namespace cb
