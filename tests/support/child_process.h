#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace cb::test {

struct ProcessOutcome {
    int exitCode = -1;  // -1 when it could not start or did not exit normally
    std::string output;
};

// A shell command whose output is read through a pipe; started now, collected by finishProcess.
inline FILE* startProcess(const std::string& command) { return popen(command.c_str(), "r"); }

inline ProcessOutcome finishProcess(FILE* pipe) {
    ProcessOutcome out;
    if (!pipe) return out;
    std::array<char, 512> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe)) out.output += buffer.data();
    const int status = pclose(pipe);
    out.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

}  // namespace cb::test
