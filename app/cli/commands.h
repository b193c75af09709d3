#pragma once

#include <string>
#include <vector>

namespace cb::cli {

// Each command parses its own flags and returns the process exit code.
int runDemo(const std::vector<std::string>& args);
int runInfo(const std::vector<std::string>& args);
int runCohort(const std::vector<std::string>& args);
int runAttentionBench(const std::vector<std::string>& args);
int runStrata(const std::vector<std::string>& args);
int runModel(const std::vector<std::string>& args);
int runLogits(const std::vector<std::string>& args);
int runModelBench(const std::vector<std::string>& args);
int runPpl(const std::vector<std::string>& args);
int runPlot(const std::vector<std::string>& args);
int runEvaluate(const std::vector<std::string>& args);
int runLift(const std::vector<std::string>& args);
int runLiftEhr(const std::vector<std::string>& args);
int runSweep(const std::vector<std::string>& args);

}  // namespace cb::cli
