#pragma once

#include "core/cohort/cohort.h"
#include "core/jobs/job_context.h"

#include <string>

namespace cb {

// Where a MEDS dataset folder keeps its task labels, one sub-folder per task. MEDS itself leaves the
// place of label files open; ContextBench reads and writes them here.
inline constexpr const char* kMedsTaskLabelsFolder = "task_labels";

// Reads a MEDS v0.4 dataset folder into a cohort:
//   data/**/*.parquet                 subject_id, time (null for static rows), code, numeric_value,
//                                     text_value; other columns are ignored
//   metadata/dataset.json             dataset_name names the cohort (optional)
//   metadata/codes.parquet            its codes take the first code ids, in file order (optional)
//   metadata/subject_splits.parquet   every subject's split (optional: without it everyone is train;
//                                     with it, subjects it does not list are an error)
//   task_labels/<task>/**/*.parquet   one TaskLabels per folder (optional), see readMedsLabels
//
// Subjects are ordered by subject_id, whatever their shard, so the cohort does not depend on how a
// dataset was sharded. Within a subject, events keep their file order, which must be sorted by time
// (static rows first); a subject split across shards, or across separate runs of rows, is an error.
// Codes that codes.parquet does not list, and text values, get ids in order of first appearance in
// that subject order. Tasks are ordered as dataset.json's "contextbench": {"tasks": [...]} lists them
// (written by writeMedsDataset), the rest alphabetically.
Cohort readMedsDataset(const std::string& folder, const JobContext& job = {});

// Adds one task's labels: `path` is a task folder (every parquet file under it, in path order) or one
// parquet file with subject_id, prediction_time and one of boolean_value (read as 0/1), integer_value,
// float_value (must hold whole numbers) or categorical_value (must hold integers), the first of these
// that has values. Labels keep file order; a subject missing from the cohort is an error.
const TaskLabels& readMedsLabels(const std::string& path, Cohort& cohort, const std::string& taskName);

}  // namespace cb
