#include "core/lift/timeline_lift_folders.h"

#include "core/analysis/prepared_cohort.h"
#include "core/common/error.h"
#include "core/models/model_folder.h"

#include <torch/types.h>

#include <optional>

namespace cb {
namespace {

OpenedModel openEhrModel(const std::string& dir, const std::string& device, const char* role) {
    auto opened = openModelFolder(dir, torch::Device(device));
    if (!opened.vocabulary)
        throw Error("LIFT on timelines: the " + std::string(role) + " " + dir +
                    " has no tokenizer_config.json; a cohort cannot be put in its token ids");
    return opened;
}

}  // namespace

TimelineLiftResult runTimelineLiftFromFolders(const Cohort& cohort, const TimelineLiftFolders& folders,
                                              const TimelineLiftConfig& config, const std::string& device,
                                              const JobContext& job) {
    job.report("Opening the models", 0.0);
    auto shortModel = openEhrModel(folders.shortModel, device, "model");
    std::optional<OpenedModel> longModel;
    if (!folders.longModel.empty()) longModel = openEhrModel(folders.longModel, device, "long-context model");
    std::vector<std::string> tasks = folders.tasks;
    if (tasks.empty())
        for (const auto& t : cohort.tasks) tasks.push_back(t.task);
    for (const auto& t : tasks)
        if (!cohort.findTask(t)) throw Error("LIFT on timelines: the cohort has no labels for task '" + t + "'");
    const auto prepared = prepareCohortWithVocabulary(cohort, *shortModel.vocabulary, job.slice(0.0, 0.04));
    std::shared_ptr<const PreparedCohort> preparedLong;
    if (longModel) preparedLong = prepareCohortWithVocabulary(cohort, *longModel->vocabulary, job.slice(0.04, 0.08));
    return runTimelineLift(*prepared, *shortModel.model, preparedLong.get(), longModel ? longModel->model.get() : nullptr,
                           folders.longContext, tasks, config, device, job.slice(0.08, 1.0));
}

}  // namespace cb
