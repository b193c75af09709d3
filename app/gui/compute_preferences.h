#pragma once

#include <string>

namespace cb::app {

// Where and how the GUI's jobs compute, remembered between sessions (QSettings underneath).
struct ComputePreferences {
    std::string device = "auto";     // auto, cpu, cuda:N
    std::string precision = "fp32";  // fp32 or bf16

    static ComputePreferences load();
    void save() const;
};

}  // namespace cb::app
