#pragma once

#include <string>
#include <vector>

namespace cb {

enum class TaskGroup { Operational, Lab, NewDiagnosis };

struct TaskInfo {
    std::string name;
    TaskGroup group;
    std::string title;  // for legends: "ICU transfer", "Anemia (lab)"
};

// The 14 EHRSHOT tasks Context Clues evaluates (chexpert excluded), in the paper's order.
const std::vector<TaskInfo>& ehrshotTasks();
const TaskInfo* findTask(const std::string& name);

// Lab tasks carry a severity 0..3; every task is scored as the binary "severity >= 1",
// boolean tasks store 0 or 1.
inline bool isPositive(int labelValue) { return labelValue >= 1; }

}  // namespace cb
