#include "core/cohort/task_catalog.h"

namespace cb {

const std::vector<TaskInfo>& ehrshotTasks() {
    static const std::vector<TaskInfo> tasks = {
        {"guo_los", TaskGroup::Operational, "Long length of stay"},
        {"guo_readmission", TaskGroup::Operational, "30-day readmission"},
        {"guo_icu", TaskGroup::Operational, "ICU transfer"},
        {"lab_thrombocytopenia", TaskGroup::Lab, "Thrombocytopenia"},
        {"lab_hyperkalemia", TaskGroup::Lab, "Hyperkalemia"},
        {"lab_hypoglycemia", TaskGroup::Lab, "Hypoglycemia"},
        {"lab_hyponatremia", TaskGroup::Lab, "Hyponatremia"},
        {"lab_anemia", TaskGroup::Lab, "Anemia"},
        {"new_hypertension", TaskGroup::NewDiagnosis, "New hypertension"},
        {"new_hyperlipidemia", TaskGroup::NewDiagnosis, "New hyperlipidemia"},
        {"new_pancan", TaskGroup::NewDiagnosis, "New pancreatic cancer"},
        {"new_celiac", TaskGroup::NewDiagnosis, "New celiac disease"},
        {"new_lupus", TaskGroup::NewDiagnosis, "New lupus"},
        {"new_acutemi", TaskGroup::NewDiagnosis, "New acute MI"},
    };
    return tasks;
}

const TaskInfo* findTask(const std::string& name) {
    for (const auto& task : ehrshotTasks())
        if (task.name == name) return &task;
    return nullptr;
}

}  // namespace cb
